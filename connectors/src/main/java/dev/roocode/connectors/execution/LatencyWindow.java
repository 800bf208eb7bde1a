package dev.roocode.connectors.execution;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The attempt latencies of the last {@code window}, for the percentiles a worker publishes on provider-health: a
 * bounded reservoir of the most recent {@link #MAX_SAMPLES} (a busy provider's window holds more; the most recent
 * ones stand for it), older samples dropped as time passes. Not thread-safe: {@link ProviderGuard} guards it.
 */
final class LatencyWindow {
    /** At most this many samples are kept: 8 KB per provider, and sorting them on each report is cheap. */
    static final int MAX_SAMPLES = 1024;

    /** The median and the 99th percentile of a window, in ms. */
    record Percentiles(double p50Ms, double p99Ms) {}

    private record Sample(long atMs, double ms) {}

    private final long windowMs;
    private final Deque<Sample> samples = new ArrayDeque<>();

    LatencyWindow(Duration window) {
        this.windowMs = window.toMillis();
    }

    void add(long atMs, double ms) {
        samples.addLast(new Sample(atMs, ms));
        if (samples.size() > MAX_SAMPLES) {
            samples.removeFirst();
        }
    }

    /** p50 and p99 of the samples of the window before {@code nowMs}, or null when there are none. */
    Percentiles percentiles(long nowMs) {
        while (!samples.isEmpty() && samples.peekFirst().atMs() < nowMs - windowMs) {
            samples.removeFirst();
        }
        if (samples.isEmpty()) {
            return null;
        }
        double[] sorted = samples.stream().mapToDouble(Sample::ms).toArray();
        Arrays.sort(sorted);
        return new Percentiles(percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    /** The nearest-rank {@code q} quantile of {@code sorted} (ascending, not empty): the smallest value with at least q of them at or below it. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
