package dev.roocode.bench.load;

import java.util.Arrays;

/** Percentiles of latencies in milliseconds (nearest rank on a sorted copy). */
final class Percentiles {
    private Percentiles() {}

    static double of(int[] latenciesMs, int count, double quantile) {
        if (count == 0) {
            return Double.NaN;
        }
        int[] sorted = Arrays.copyOf(latenciesMs, count);
        Arrays.sort(sorted);
        return at(sorted, quantile);
    }

    static double at(int[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
