package dev.roocode.processor.router;

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
 * fall to zero within the window. Thread-safe.
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

    public ArrivalForecast() {
        java.util.Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    /** Counts one job arriving at {@code nowMs} due {@code slackMs} later. */
    public synchronized void arrived(long nowMs, long slackMs) {
        long second = Math.floorDiv(nowMs, 1000);
        int bin = (int) Math.floorMod(second, RING);
        if (secondOf[bin] != second) {
            secondOf[bin] = second;
            java.util.Arrays.fill(counts[bin], 0);
        }
        counts[bin][bucketOf(Math.max(0, slackMs))]++;
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
        // buckets whose lower bound is below the horizon: 0..last
        int last = (int) Math.min(BUCKETS - 1, Math.ceil(Math.log1p(horizonS) / LOG_STEP) - 1);
        while (last >= 0 && lowerBound(last) >= horizonS) {
            last--;
        }
        if (last < 0) {
            return 0;
        }
        double jobs = horizonS * cumulativeJobs[last] - cumulativeSlack[last];
        return Math.max(0, Math.round(jobs / WINDOW_SECONDS));
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
