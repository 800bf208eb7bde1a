package dev.roocode.bench.routing;

import java.time.Duration;
import java.util.List;

/**
 * The arithmetic of the offload scenario, apart from the processes so it can be unit-tested: the compressed
 * clock, and the figures of one run (cost against the all-realtime cost of the same jobs, on-time share, lost
 * and duplicate Results, jobs served by a provider batch).
 *
 * @param jobs           jobs sent
 * @param answered       jobs with a Result
 * @param duplicates     Results beyond the first for a job
 * @param succeeded      jobs whose Result succeeded
 * @param onTime         jobs whose Result succeeded at or before their deadline
 * @param byBatch        jobs served by a {@code <provider>:batch} candidate
 * @param costUsd        what the succeeded jobs cost (their Results' {@code costUsd})
 * @param allRealtimeUsd what the same succeeded jobs, with the same token counts, cost at the cheapest realtime
 *                       offer's prices
 */
public record OffloadFigures(
        int jobs,
        int answered,
        int duplicates,
        int succeeded,
        int onTime,
        int byBatch,
        double costUsd,
        double allRealtimeUsd) {

    /** What became of one job: its deadline and, if it has a Result, what the Result says. */
    public record JobOutcome(
            long deadlineMs,
            boolean answered,
            boolean succeeded,
            String provider,
            long completedAtMs,
            double costUsd,
            long inputTokens,
            long outputTokens) {

        /** A job with no Result. */
        public static JobOutcome lost(long deadlineMs) {
            return new JobOutcome(deadlineMs, false, false, null, 0, 0, 0, 0);
        }
    }

    /** Per-million-token prices of an offer. */
    public record Prices(double inputUsdPerMTok, double outputUsdPerMTok) {
        public double usd(long inputTokens, long outputTokens) {
            return (inputTokens * inputUsdPerMTok + outputTokens * outputUsdPerMTok) / 1e6;
        }
    }

    /**
     * The figures of {@code outcomes}, with {@code duplicates} duplicate Results seen, priced against
     * {@code realtime}: the cheapest realtime offer, what COST routing would pay for each job with no batch candidate.
     */
    public static OffloadFigures of(List<JobOutcome> outcomes, int duplicates, Prices realtime) {
        int answered = 0;
        int succeeded = 0;
        int onTime = 0;
        int byBatch = 0;
        double cost = 0;
        double allRealtime = 0;
        for (JobOutcome o : outcomes) {
            if (!o.answered()) {
                continue;
            }
            answered++;
            if (!o.succeeded()) {
                continue;
            }
            succeeded++;
            if (o.completedAtMs() <= o.deadlineMs()) {
                onTime++;
            }
            if (o.provider() != null && o.provider().endsWith(":batch")) {
                byBatch++;
            }
            cost += o.costUsd();
            allRealtime += realtime.usd(o.inputTokens(), o.outputTokens());
        }
        return new OffloadFigures(outcomes.size(), answered, duplicates, succeeded, onTime, byBatch, cost, allRealtime);
    }

    public int lost() {
        return jobs - answered;
    }

    /** Cost over the all-realtime cost of the same jobs (target ≤ 0.60). */
    public double costRatio() {
        return allRealtimeUsd == 0 ? Double.NaN : costUsd / allRealtimeUsd;
    }

    /**
     * Whether the cost ratio is at most {@code max}, up to the rounding of the sums: the costs are each job's
     * double, summed over up to 100,000 jobs, so a run whose every loose job paid exactly the discount can land a
     * few ulps either side of the exact ratio. One part in 10^9 is far below a single job's share (10^-5).
     */
    public boolean costAtMost(double max) {
        return costRatio() <= max * (1 + 1e-9);
    }

    /** Share of all jobs sent that succeeded by their deadline (target 1). */
    public double onTimeShare() {
        return jobs == 0 ? Double.NaN : (double) onTime / jobs;
    }

    /**
     * The best cost ratio the run allows: the tight jobs at the full price, the loose jobs at the batch price except
     * those whose batch line failed or expired, which a realtime provider serves at the full price.
     *
     * @param looseShare      share of the jobs whose deadline allows a batch
     * @param discount        the batch price as a share of the realtime price (0.5)
     * @param fallbackShare   share of the loose jobs sent back to realtime (failed or expired lines)
     */
    public static double boundRatio(double looseShare, double discount, double fallbackShare) {
        return (1 - looseShare) + looseShare * ((1 - fallbackShare) * discount + fallbackShare);
    }

    /**
     * Compressed time: durations of the scenario (turnaround, deadlines, margins, windows) divided by
     * {@code factor}, so a day passes in {@code 24 h / factor}.
     */
    public record TimeScale(double factor) {
        public TimeScale {
            if (!(factor >= 1)) {
                throw new IllegalArgumentException("the time scale must be at least 1, was " + factor);
            }
        }

        public Duration of(Duration real) {
            return Duration.ofMillis(Math.round(real.toMillis() / factor));
        }
    }
}
