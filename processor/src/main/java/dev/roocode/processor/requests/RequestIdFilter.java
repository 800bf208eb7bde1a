package dev.roocode.processor.requests;

import java.util.ArrayList;
import java.util.List;

/**
 * Which requestIds one task's requests store may hold: a Bloom filter in front of the store, so that
 * looking up a new requestId (every job's first step, and nearly always a miss) need not reach
 * RocksDB. A miss there is the dearest lookup there is: RocksJava reports "not found" by throwing
 * and catching a C++ exception, which was a fifth of the stream thread's time in the cost
 * benchmark's router phase.
 *
 * <p>The filter must never say "absent" of an id the store holds. It is built by the intake's purge
 * pass, which reads every entry of the store anyway: a pass started after the task opened adds
 * every id it keeps, and every id written while it runs; when the pass ends the new filter replaces
 * the old one (ids the pass purged drop out with it). Until the first pass ends, the filter knows
 * nothing and every lookup goes to the store. Ids written after that go into it as they are written.
 *
 * <p>A filter grows by parts, each twice the size of the last, so a store that grows between passes
 * raises the false-positive rate only a little; past {@value #MAX_IDS} ids the filter gives up until
 * the next pass (every lookup goes to the store: slower, never wrong). Not thread-safe: the task's
 * stream thread owns it.
 */
public final class RequestIdFilter {
    /** Ids one filter holds at most (about 15 MiB at {@value Bloom#BITS_PER_ID} bits per id). */
    static final long MAX_IDS = 10_000_000;

    private static final int FIRST_PART_IDS = 65_536;

    /** The filter lookups use; null: none is complete, so every lookup goes to the store. */
    private Growing current;
    /** The filter a purge pass is building; null: no pass is under way. */
    private Growing next;

    /** Whether the store may hold {@code requestId}; false only when it surely does not. */
    public boolean mayContain(String requestId) {
        return current == null || current.mayContain(requestId);
    }

    /** Counts an id written to the store. */
    public void added(String requestId) {
        if (current != null) {
            current.add(requestId);
        }
        if (next != null) {
            next.add(requestId);
        }
    }

    /** The task (re)opened: its store may hold anything, and any pass under way is gone. */
    public void reset() {
        current = null;
        next = null;
    }

    /** A purge pass over the whole store starts: a new filter is built from what it keeps. */
    public void passStarted() {
        next = new Growing();
    }

    /** The pass kept {@code requestId} in the store. */
    public void passKept(String requestId) {
        if (next != null) {
            next.add(requestId);
        }
    }

    /** The pass has read the whole store: its filter holds every id the store does. */
    public void passEnded() {
        if (next != null) {
            current = next.overflowed() ? null : next;
        }
        next = null;
    }

    /** Whether lookups are being filtered (for tests). */
    boolean isComplete() {
        return current != null;
    }

    /** A filter of parts, each twice the size of the one before. */
    private static final class Growing {
        private final List<Bloom> parts = new ArrayList<>();
        private long ids;

        Growing() {
            parts.add(new Bloom(FIRST_PART_IDS));
        }

        boolean overflowed() {
            return ids > MAX_IDS;
        }

        void add(String id) {
            if (overflowed()) {
                return;
            }
            ids++;
            Bloom last = parts.get(parts.size() - 1);
            if (last.isFull()) {
                last = new Bloom(last.capacity * 2);
                parts.add(last);
            }
            last.add(id);
        }

        boolean mayContain(String id) {
            if (overflowed()) {
                return true;
            }
            long hash = Bloom.hash(id);
            for (Bloom part : parts) {
                if (part.mayContain(hash)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A Bloom filter for {@code capacity} ids at about 0.5% false positives. */
    private static final class Bloom {
        static final int BITS_PER_ID = 12;
        static final int HASHES = 5;
        final long capacity;
        private final long[] words;
        private final long bits;
        private long count;

        Bloom(long capacity) {
            this.capacity = capacity;
            this.bits = Math.max(64, capacity * BITS_PER_ID);
            this.words = new long[(int) ((bits + 63) / 64)];
        }

        boolean isFull() {
            return count >= capacity;
        }

        void add(String id) {
            long hash = hash(id);
            for (int i = 0; i < HASHES; i++) {
                long bit = bit(hash, i);
                words[(int) (bit >>> 6)] |= 1L << bit;
            }
            count++;
        }

        boolean mayContain(long hash) {
            for (int i = 0; i < HASHES; i++) {
                long bit = bit(hash, i);
                if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** The {@code i}-th bit of {@code hash} (double hashing on its two halves). */
        private long bit(long hash, int i) {
            return Integer.toUnsignedLong((int) hash + i * (int) (hash >>> 32)) % bits;
        }

        /** A 64-bit hash of the id's characters (FNV-1a, then a MurmurHash3 finalizer to spread the bits). */
        static long hash(String id) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < id.length(); i++) {
                h ^= id.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            return h;
        }
    }
}
