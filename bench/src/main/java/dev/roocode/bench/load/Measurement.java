package dev.roocode.bench.load;

import java.util.List;

/**
 * What one load phase measured. Times are from the load generator's clock (the same JVM sends and receives),
 * latency is from the send call to the Result's arrival at the collector.
 *
 * @param label         the phase, e.g. {@code roocode max} or {@code floor 50% ci=100}
 * @param sent          jobs sent
 * @param received      distinct jobs answered
 * @param duplicates    answers beyond the first per job
 * @param offeredRate   jobs/s the generator aimed at (0 = as fast as possible)
 * @param sendRate      jobs/s actually sent
 * @param throughput    jobs answered per second, from the first send to the last answer
 * @param p50Ms         median latency
 * @param p99Ms         99th percentile latency
 * @param maxMs         largest latency
 * @param timeline      one point per second from the first send
 * @param startNanos    {@link System#nanoTime()} of the first send, to place events on the timeline
 */
public record Measurement(
        String label,
        int sent,
        int received,
        long duplicates,
        double offeredRate,
        double sendRate,
        double throughput,
        double p50Ms,
        double p99Ms,
        double maxMs,
        List<Point> timeline,
        long startNanos) {

    /** One second of a phase: answers in it and the latency of those answers. */
    public record Point(int second, int answered, double p50Ms, double p99Ms) {}

    public int lost() {
        return sent - received;
    }
}
