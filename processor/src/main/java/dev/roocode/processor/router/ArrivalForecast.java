package dev.roocode.processor.router;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The recent arrivals of jobs with a deadline, by their slack (deadline minus arrival), to forecast
 * how many jobs that are not here yet will be due before a given deadline. Deferral needs it: a job
 * parked for the cheapest provider is served there after every job due earlier, and those include
 * jobs that arrive later with a tighter deadline. Without the forecast the router finds out that the
 * cheapest cannot serve a parked job only when the tight jobs have already taken its room, and by then
 * the next provider's capacity of the past minutes is gone too.
 *
 * <p>Arrival rates are counted over the last {@value #WINDOW_SECONDS} whole seconds, per slack bucket
 * (buckets {@value #STEP_PERCENT}% wide, each counted at its lower bound, so the forecast errs towards
 * more jobs ahead). Stationary arrivals are assumed: the forecast for a deadline {@code h} away is
 * {@code Σ rate(s) × max(0, h − s)} over the slack buckets {@code s}. When arrivals stop, the rates
 * fall to zero within the window.
 *
 * <p>A batch says when its arrivals will stop: the client's batch runner puts the batch's size and
 * each job's line number on the job, and jobs are sent in line order, so the lines seen so far and
 * the pace at which they came tell when the last one will arrive. When every recent arrival belongs
 * to such a batch, the forecast counts arrivals only until the last of those batches ends:
 * {@code Σ rate(s) × max(0, min(h − s, T))}, {@code T} the time left until then. Without that, a
 * router planning a long deadline near a batch's end would count tight jobs that will never come.
 * Thread-safe.
 */
public final class ArrivalForecast {
    static final int WINDOW_SECONDS = 10;
    static final int STEP_PERCENT = 1;
    private static final double LOG_STEP = Math.log1p(STEP_PERCENT / 100.0);
    /** Slack up to a day gets its own bucket; longer ones share the last. */
    private static final int BUCKETS = (int) Math.ceil(Math.log1p(86_400) / LOG_STEP) + 1;

    /** One bin per second: the window's whole seconds plus the current one. */
    private static final int RING = WINDOW_SECONDS + 1;

    private final long[] secondOf = new long[RING];
    private final long[][] counts = new long[RING][BUCKETS];
    /** Per bucket, the jobs of it and all narrower buckets, and their slack in seconds, over the window: see {@link #sumUpTo}. */
    private final double[] cumulativeJobs = new double[BUCKETS];

    private final double[] cumulativeSlack = new double[BUCKETS];
    private long summedAt = Long.MIN_VALUE;
    /** Per bin, arrivals not known to belong to a sized batch: any in the window means no end is known. */
    private final long[] unsized = new long[RING];
    /** batchId → how far its arrivals have come; dropped a minute after its last arrival. */
    private final Map<String, BatchPace> batches = new HashMap<>();

    private long purgedAt = Long.MIN_VALUE;

    /** One batch's arrivals: its size, and its first and latest line numbers with their arrival times. */
    private static final class BatchPace {
        final long size;
        final long firstLine;
        final long firstMs;
        long maxLine;
        long lastMs;

        BatchPace(long size, long line, long nowMs) {
            this.size = size;
            this.firstLine = line;
            this.firstMs = nowMs;
            this.maxLine = line;
            this.lastMs = nowMs;
        }

        /** When its last line should arrive at the pace so far; null when the pace is not known yet. */
        Long endMs() {
            if (maxLine >= size) {
                return lastMs;
            }
            if (lastMs - firstMs < MIN_PACE_MS || maxLine <= firstLine) {
                return null;
            }
            double msPerLine = (lastMs - firstMs) / (double) (maxLine - firstLine);
            return lastMs + Math.round((size - maxLine) * msPerLine);
        }
    }

    /** A batch's pace needs this much history. */
    static final long MIN_PACE_MS = 1_000;

    public ArrivalForecast() {
        Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    /** Counts one job arriving at {@code nowMs} due {@code slackMs} later, of no known batch. */
    public void arrived(long nowMs, long slackMs) {
        arrived(nowMs, slackMs, null, null, null);
    }

    /**
     * Counts one job arriving at {@code nowMs} due {@code slackMs} later, line {@code line} (1-based) of
     * batch {@code batchId} of {@code batchSize} jobs; any of the three null when not known.
     */
    public synchronized void arrived(long nowMs, long slackMs, String batchId, Long batchSize, Long line) {
        long second = Math.floorDiv(nowMs, 1000);
        int bin = (int) Math.floorMod(second, RING);
        if (secondOf[bin] != second) {
            secondOf[bin] = second;
            Arrays.fill(counts[bin], 0);
            unsized[bin] = 0;
        }
        counts[bin][bucketOf(Math.max(0, slackMs))]++;
        if (batchId == null || batchSize == null || line == null || batchSize <= 0 || line <= 0) {
            unsized[bin]++;
        } else {
            BatchPace pace = batches.get(batchId);
            if (pace == null || pace.size != batchSize) {
                batches.put(batchId, new BatchPace(batchSize, line, nowMs));
            } else if (line > pace.maxLine) {
                pace.maxLine = line;
                pace.lastMs = nowMs;
            }
        }
        if (second != purgedAt) {
            purgedAt = second;
            batches.values().removeIf(p -> p.lastMs < nowMs - 60_000);
        }
    }

    /**
     * When the arrivals of the window should stop: the latest end of the batches that arrived in it,
     * or {@link Long#MAX_VALUE} when an arrival of no known batch is among them or a pace is unknown.
     */
    synchronized long arrivalsEndMs(long nowMs) {
        long second = Math.floorDiv(nowMs, 1000);
        for (int bin = 0; bin < RING; bin++) {
            long age = second - secondOf[bin];
            if (age >= 0 && age <= WINDOW_SECONDS && unsized[bin] > 0) {
                return Long.MAX_VALUE;
            }
        }
        long end = nowMs;
        for (BatchPace pace : batches.values()) {
            if (pace.lastMs < nowMs - WINDOW_SECONDS * 1000L) {
                continue;
            }
            Long batchEnd = pace.endMs();
            if (batchEnd == null) {
                return Long.MAX_VALUE;
            }
            end = Math.max(end, batchEnd);
        }
        return end;
    }

    /**
     * Jobs expected to arrive after {@code nowMs} and be due before {@code deadlineMs}, at the arrival
     * rates of the last {@value #WINDOW_SECONDS} whole seconds.
     */
    public synchronized long expectedBefore(long nowMs, long deadlineMs) {
        double horizonS = (deadlineMs - nowMs) / 1000.0;
        if (horizonS <= 0) {
            return 0;
        }
        sumUpTo(Math.floorDiv(nowMs, 1000));
        int last = lastBucketBelow(horizonS);
        if (last < 0) {
            return 0;
        }
        long endMs = arrivalsEndMs(nowMs);
        double leftS = endMs == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : Math.max(0, (endMs - nowMs) / 1000.0);
        // buckets with slack below horizon − left arrive for all the time left; the others until the deadline
        int capped = Double.isInfinite(leftS) ? -1 : lastBucketBelow(horizonS - leftS);
        double jobs = horizonS * (cumulativeJobs[last] - cumulative(cumulativeJobs, capped))
                - (cumulativeSlack[last] - cumulative(cumulativeSlack, capped));
        if (capped >= 0) {
            jobs += leftS * cumulativeJobs[capped];
        }
        return Math.max(0, Math.round(jobs / WINDOW_SECONDS));
    }

    /** The last bucket whose lower bound is below {@code seconds}, or -1 when none is. */
    private static int lastBucketBelow(double seconds) {
        if (seconds <= 0) {
            return -1;
        }
        int last = (int) Math.min(BUCKETS - 1, Math.ceil(Math.log1p(seconds) / LOG_STEP) - 1);
        while (last >= 0 && lowerBound(last) >= seconds) {
            last--;
        }
        return last;
    }

    private static double cumulative(double[] prefix, int bucket) {
        return bucket < 0 ? 0 : prefix[bucket];
    }

    /** Prefix sums over the buckets of the whole seconds before {@code second}: computed once per second. */
    private void sumUpTo(long second) {
        if (summedAt == second) {
            return;
        }
        summedAt = second;
        double jobs = 0;
        double slack = 0;
        for (int b = 0; b < BUCKETS; b++) {
            long count = 0;
            for (int bin = 0; bin < RING; bin++) {
                long age = second - secondOf[bin];
                if (age >= 1 && age <= WINDOW_SECONDS) {
                    count += counts[bin][b];
                }
            }
            jobs += count;
            slack += count * lowerBound(b);
            cumulativeJobs[b] = jobs;
            cumulativeSlack[b] = slack;
        }
    }

    static int bucketOf(long slackMs) {
        return (int) Math.min(BUCKETS - 1, Math.floor(Math.log1p(slackMs / 1000.0) / LOG_STEP));
    }

    /** The smallest slack, in seconds, of bucket {@code b}. */
    static double lowerBound(int b) {
        return Math.expm1(b * LOG_STEP);
    }
}
