package dev.roocode.connectors.worker;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Offsets of one assigned partition: records are dispatched in offset order and complete in any
 * order; only the contiguous completed prefix may be committed, so a crash repeats the unfinished
 * records rather than losing them. Offsets need not be consecutive (transaction markers and
 * compaction leave gaps); "contiguous" means in dispatch order.
 *
 * <p>One instance lives for one assignment of the partition. After {@link #revoke()} completions
 * are ignored: a later assignment of the same partition gets a fresh instance.
 *
 * <p>Not thread-safe: the worker's poll thread owns it.
 */
public final class PartitionProgress {
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private final Map<Long, Entry> byOffset = new HashMap<>();
    private long lastDispatched = -1;
    private long committable = -1;
    private boolean revoked;

    private static final class Entry {
        final long offset;
        boolean done;

        Entry(long offset) {
            this.offset = offset;
        }
    }

    /** Records that {@code offset} was handed to execution; offsets must increase. */
    public void dispatched(long offset) {
        if (offset <= lastDispatched) {
            throw new IllegalArgumentException("offset " + offset + " dispatched after " + lastDispatched);
        }
        lastDispatched = offset;
        if (revoked) {
            return;
        }
        Entry entry = new Entry(offset);
        pending.addLast(entry);
        byOffset.put(offset, entry);
    }

    /**
     * Records that {@code offset} is finished (its outcome acknowledged). Returns false when the
     * partition was revoked or the offset is not pending (a duplicate completion).
     */
    public boolean completed(long offset) {
        if (revoked) {
            return false;
        }
        Entry entry = byOffset.remove(offset);
        if (entry == null) {
            return false;
        }
        entry.done = true;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            committable = pending.removeFirst().offset + 1;
        }
        return true;
    }

    /** 1 + the highest offset of the contiguous completed prefix; empty until the first record completes. */
    public OptionalLong committableOffset() {
        return committable < 0 ? OptionalLong.empty() : OptionalLong.of(committable);
    }

    /** Dispatched records not yet completed. */
    public int pendingCount() {
        return byOffset.size();
    }

    /** Whether every dispatched record has completed. */
    public boolean isDrained() {
        return byOffset.isEmpty();
    }

    /** Ends this assignment: later completions are ignored and pending records are dropped. */
    public void revoke() {
        revoked = true;
        pending.clear();
        byOffset.clear();
    }

    public boolean isRevoked() {
        return revoked;
    }
}
