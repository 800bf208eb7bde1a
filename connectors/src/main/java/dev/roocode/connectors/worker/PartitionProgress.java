package dev.roocode.connectors.worker;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Offsets of one assigned partition. Records are dispatched in offset order and complete in any
 * order. The committable offset is the first dispatched record not yet completed (everything below
 * it is done); records completed beyond it travel in the commit's metadata, so a crash repeats only
 * records that no successful commit covered, and one slow record does not hold the others hostage.
 *
 * <p>Each dispatched record holds a slot of the worker's window until a successful commit covers
 * it ({@link #committed}): hence a crash repeats at most one window of calls. Offsets need not be
 * consecutive (transaction markers and compaction leave gaps).
 *
 * <p>One instance lives for one assignment of the partition; after {@link #revoke()} completions are
 * ignored. Not thread-safe: the worker's poll thread owns it.
 */
public final class PartitionProgress {
    /** Commit metadata longer than this is dropped (brokers accept 4096 bytes by default); records beyond the prefix then repeat. */
    static final int MAX_METADATA = 3_500;

    private static final String VERSION = "v1:";

    /** Dispatched offsets at or above the committable offset → whether they completed. */
    private final TreeMap<Long, Boolean> beyond = new TreeMap<>();
    /** Dispatched offsets still holding a window slot. */
    private final TreeSet<Long> unreleased = new TreeSet<>();
    /** Completed offsets still holding a slot: the next commit covers them. */
    private final TreeSet<Long> doneUnreleased = new TreeSet<>();
    /** Offsets a previous owner completed beyond its committed offset (from commit metadata). */
    private final TreeSet<Long> alreadyDone;

    private long lastDispatched = -1;
    private boolean anyDone;
    private boolean revoked;

    /** A commit to make: the offset, its metadata, and the completed offsets whose slots it frees. */
    public record CommitPoint(long offset, String metadata, Set<Long> covered) {}

    public PartitionProgress() {
        this(Set.of());
    }

    /** Progress that skips {@code alreadyDone}, the offsets an earlier owner's commit metadata lists. */
    public PartitionProgress(Collection<Long> alreadyDone) {
        this.alreadyDone = new TreeSet<>(alreadyDone);
    }

    /** Whether {@code offset} was completed by an earlier owner and must not run again. */
    public boolean isAlreadyDone(long offset) {
        return alreadyDone.contains(offset);
    }

    /** Records that {@code offset} was handed to execution; it holds a slot until committed. Offsets must increase. */
    public void dispatched(long offset) {
        advance(offset);
        if (!revoked) {
            beyond.put(offset, false);
            unreleased.add(offset);
        }
    }

    /** Records that {@code offset} was skipped because an earlier owner completed it; it holds no slot. */
    public void skipped(long offset) {
        advance(offset);
        alreadyDone.remove(offset);
        if (!revoked) {
            beyond.put(offset, true);
            anyDone = true;
            prune();
        }
    }

    private void advance(long offset) {
        if (offset <= lastDispatched) {
            throw new IllegalArgumentException("offset " + offset + " dispatched after " + lastDispatched);
        }
        lastDispatched = offset;
    }

    /**
     * Records that {@code offset} is finished (its outcome acknowledged). Returns false when the
     * partition was revoked or the offset is not pending (a duplicate completion).
     */
    public boolean completed(long offset) {
        if (revoked) {
            return false;
        }
        Boolean done = beyond.get(offset);
        if (done == null || done) {
            return false;
        }
        beyond.put(offset, true);
        anyDone = true;
        if (unreleased.contains(offset)) {
            doneUnreleased.add(offset);
        }
        prune();
        return true;
    }

    private void prune() {
        while (!beyond.isEmpty() && beyond.firstEntry().getValue()) {
            beyond.pollFirstEntry();
        }
    }

    /** The first dispatched offset not yet completed (or one past the last dispatched); empty until the first completion. */
    public OptionalLong committableOffset() {
        if (!anyDone || revoked) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(beyond.isEmpty() ? lastDispatched + 1 : beyond.firstKey());
    }

    /** What to commit now, or empty when nothing completed yet. */
    public Optional<CommitPoint> commitPoint() {
        OptionalLong offset = committableOffset();
        if (offset.isEmpty()) {
            return Optional.empty();
        }
        String metadata = encode(offset.getAsLong());
        Set<Long> covered;
        if (metadata.length() > MAX_METADATA) {
            metadata = "";
            covered = Set.copyOf(doneUnreleased.headSet(offset.getAsLong()));
        } else {
            covered = Set.copyOf(doneUnreleased);
        }
        return Optional.of(new CommitPoint(offset.getAsLong(), metadata, covered));
    }

    /** Frees the slots that a successful commit of {@code point} covered; returns how many. */
    public int committed(CommitPoint point) {
        if (revoked) {
            return 0;
        }
        int released = 0;
        for (Long offset : point.covered()) {
            if (unreleased.remove(offset)) {
                doneUnreleased.remove(offset);
                released++;
            }
        }
        return released;
    }

    /** Dispatched records holding a window slot. */
    public int slots() {
        return unreleased.size();
    }

    /** Completed records still holding a slot: what the next commit frees (all of them unless the metadata is too long). */
    public int finishedHoldingSlots() {
        return doneUnreleased.size();
    }

    /** Dispatched records not yet completed. */
    public int pendingCount() {
        return (int) beyond.values().stream().filter(done -> !done).count();
    }

    /** Whether every dispatched record has completed. */
    public boolean isDrained() {
        return !beyond.containsValue(false);
    }

    /**
     * Ends this assignment: later completions are ignored. Returns the slots freed now (completed
     * records); records still running free theirs when their late outcome is acknowledged.
     */
    public int revoke() {
        revoked = true;
        int released = doneUnreleased.size();
        beyond.clear();
        unreleased.clear();
        doneUnreleased.clear();
        return released;
    }

    public boolean isRevoked() {
        return revoked;
    }

    /** Runs of completed offsets above {@code base}, as {@code v1:<from>-<to>,<at>,...} relative to base; empty when none. */
    private String encode(long base) {
        StringBuilder text = new StringBuilder();
        Long runStart = null;
        Long runEnd = null;
        for (Map.Entry<Long, Boolean> entry : beyond.tailMap(base, false).entrySet()) {
            if (entry.getValue()) {
                if (runStart == null) {
                    runStart = entry.getKey();
                }
                runEnd = entry.getKey();
            } else if (runStart != null) {
                appendRun(text, base, runStart, runEnd);
                runStart = null;
            }
        }
        if (runStart != null) {
            appendRun(text, base, runStart, runEnd);
        }
        return text.length() == 0 ? "" : VERSION + text;
    }

    private static void appendRun(StringBuilder text, long base, long from, long to) {
        if (text.length() > 0) {
            text.append(',');
        }
        text.append(from - base);
        if (to != from) {
            text.append('-').append(to - base);
        }
    }

    /**
     * The offsets a commit at {@code committed} with {@code metadata} lists as completed. A run
     * covers every record between its ends (offsets in between that are not records, such as
     * transaction markers, are never dispatched). Unreadable metadata lists nothing.
     */
    public static Set<Long> completedInMetadata(long committed, String metadata) {
        if (metadata == null || !metadata.startsWith(VERSION) || metadata.length() == VERSION.length()) {
            return Set.of();
        }
        TreeSet<Long> offsets = new TreeSet<>();
        try {
            for (String run : metadata.substring(VERSION.length()).split(",")) {
                int dash = run.indexOf('-');
                long from = Long.parseLong(dash < 0 ? run : run.substring(0, dash));
                long to = dash < 0 ? from : Long.parseLong(run.substring(dash + 1));
                if (from <= 0 || to < from || to - from > 100_000) {
                    return Set.of();
                }
                for (long delta = from; delta <= to; delta++) {
                    offsets.add(committed + delta);
                }
            }
        } catch (NumberFormatException e) {
            return Set.of();
        }
        return offsets;
    }
}
