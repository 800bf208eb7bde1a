package dev.roocode.connectors.worker;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a window slot's cycle goes (issue #21): timestamps at each hand-off of a record's way through the
 * worker, from the poll that returned it to the commit answer that freed its slot, and from a freed slot to
 * the next record started in it. Averaged over every {@link #EVERY} freed slots and logged as one DEBUG line
 * of logger {@code dev.roocode.connectors.worker.SlotTimings}; with that logger above DEBUG nothing is
 * collected.
 *
 * <p>The HTTP answer and the producer's acknowledgement happen on other threads: they pass their {@link
 * System#nanoTime()} along with what they enqueue, so every method here runs on the poll thread.
 */
final class SlotTimings {
    private static final Logger log = LoggerFactory.getLogger(SlotTimings.class);
    static final int EVERY = 500;

    /** The hand-offs, in order; each record's timestamps are indexed by these. */
    static final String[] STAGES = {
        "polled", "started", "answered", "sent", "acked", "ack seen", "commit sent", "commit answered"
    };

    private static final int POLLED = 0;
    private static final int STARTED = 1;
    private static final int ANSWERED = 2;
    private static final int SENT = 3;
    private static final int ACKED = 4;
    private static final int ACK_SEEN = 5;
    private static final int COMMIT_SENT = 6;
    private static final int COMMIT_ANSWERED = 7;

    private final String provider;
    private final int window;
    private final boolean enabled;
    private final Map<PartitionProgress, Map<Long, long[]>> records = new IdentityHashMap<>();
    /** When slots were freed, oldest first: the next records started take them in this order. */
    private final ArrayDeque<Long> freedAt = new ArrayDeque<>();

    private long lastPollReturned;
    // sums over the current period, in nanoseconds
    private final long[] stageSums = new long[STAGES.length];
    private int cycles;
    private long freedToStarted;
    private int gaps;
    private long inPoll;
    private long outsidePoll;
    private int polls;
    private int pollsWithRecords;
    private int commits;
    private long lastPollStarted;
    private long lastPollEnded;

    SlotTimings(String provider, int window) {
        this(provider, window, log.isDebugEnabled());
    }

    SlotTimings(String provider, int window, boolean enabled) {
        this.provider = provider;
        this.window = window;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    /** The thread enters {@code poll}. */
    void pollStarting() {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (lastPollEnded != 0) {
            outsidePoll += now - lastPollEnded;
        }
        lastPollStarted = now;
    }

    /** {@code poll} returned {@code count} records. */
    void pollReturned(int count) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        inPoll += now - lastPollStarted;
        polls++;
        if (count > 0) {
            pollsWithRecords++;
        }
        lastPollReturned = now;
        lastPollEnded = now;
    }

    /** The record at {@code offset} was handed to execution, from the last poll's records. */
    void started(PartitionProgress partition, long offset) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long[] at = new long[STAGES.length];
        at[POLLED] = lastPollReturned;
        at[STARTED] = now;
        records.computeIfAbsent(partition, p -> new HashMap<>()).put(offset, at);
        Long freed = freedAt.pollFirst();
        if (freed != null) {
            freedToStarted += now - freed;
            gaps++;
        }
    }

    /** Its HTTP answer arrived at {@code answeredAt} (nanoTime on the HTTP thread) and its outcome is sent now. */
    void sent(PartitionProgress partition, long offset, long answeredAt) {
        long[] at = at(partition, offset);
        if (at != null) {
            at[ANSWERED] = answeredAt;
            at[SENT] = System.nanoTime();
        }
    }

    /** Its outcome's acknowledgement arrived at {@code ackedAt} (on the producer's thread) and is applied now. */
    void ackSeen(PartitionProgress partition, long offset, long ackedAt) {
        long[] at = at(partition, offset);
        if (at != null) {
            at[ACKED] = ackedAt;
            at[ACK_SEEN] = System.nanoTime();
        }
    }

    /** A commit covering {@code offset} was sent (a later one may cover it again after a failure). */
    void commitSent(PartitionProgress partition, Iterable<Long> offsets) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        commits++;
        for (Long offset : offsets) {
            long[] at = at(partition, offset);
            if (at != null && at[COMMIT_SENT] == 0) { // a later commit in flight may cover it again
                at[COMMIT_SENT] = now;
            }
        }
    }

    /** A successful commit covering {@code offsets} was answered: their slots are free now. */
    void commitAnswered(PartitionProgress partition, Iterable<Long> offsets) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        Map<Long, long[]> ofPartition = records.get(partition);
        for (Long offset : offsets) {
            long[] at = ofPartition == null ? null : ofPartition.remove(offset);
            if (at == null) {
                continue; // an earlier commit's answer freed it already (or it was never a call)
            }
            freedAt.addLast(now);
            if (freedAt.size() > window) {
                freedAt.pollFirst(); // freed while no record waited (the backlog ran out): not a slot's wait
            }
            at[COMMIT_ANSWERED] = now;
            if (complete(at)) {
                for (int stage = 1; stage < STAGES.length; stage++) {
                    stageSums[stage] += at[stage] - at[stage - 1];
                }
                cycles++;
            }
        }
        if (cycles >= EVERY) {
            report();
        }
    }

    private static boolean complete(long[] at) {
        for (long t : at) {
            if (t == 0) {
                return false;
            }
        }
        return true;
    }

    private long[] at(PartitionProgress partition, long offset) {
        if (!enabled) {
            return null;
        }
        Map<Long, long[]> ofPartition = records.get(partition);
        return ofPartition == null ? null : ofPartition.get(offset);
    }

    /** The summary line of the current period (also what {@link #report()} logs). */
    String summary() {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "provider=%s slot cycle over %d jobs, mean ms:", provider, cycles));
        long cycle = 0;
        for (int stage = 1; stage < STAGES.length; stage++) {
            cycle += stageSums[stage];
            line.append(String.format(
                    Locale.ROOT, " %s→%s %.2f,", STAGES[stage - 1], STAGES[stage], ms(stageSums[stage], cycles)));
        }
        line.append(String.format(
                Locale.ROOT,
                " polled→commit answered %.2f; slot freed→next record started %.2f (%d);"
                        + " %d polls (%d with records), mean %.2f ms in poll and %.2f ms outside; %d partition commits",
                ms(cycle, cycles),
                ms(freedToStarted, gaps),
                gaps,
                polls,
                pollsWithRecords,
                ms(inPoll, polls),
                ms(outsidePoll, polls),
                commits));
        return line.toString();
    }

    private void report() {
        log.debug(summary());
        Arrays.fill(stageSums, 0);
        cycles = 0;
        freedToStarted = 0;
        gaps = 0;
        inPoll = 0;
        outsidePoll = 0;
        polls = 0;
        pollsWithRecords = 0;
        commits = 0;
        // partitions revoked meanwhile: their records never reach a commit answer here
        records.keySet().removeIf(PartitionProgress::isRevoked);
    }

    private static double ms(long nanos, int count) {
        return count == 0 ? 0 : nanos / 1e6 / count;
    }
}
