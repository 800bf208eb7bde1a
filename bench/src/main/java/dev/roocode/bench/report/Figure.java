package dev.roocode.bench.report;

/**
 * One reported figure and its ratio to the baseline measured in the same run.
 *
 * @param name          what was measured, e.g. {@code jobs/s, max rate}
 * @param unit          unit of value and baseline
 * @param value         the measured value
 * @param baselineName  what the baseline is, e.g. {@code floor}
 * @param baseline      the baseline's value
 * @param target        the target as text (e.g. {@code ratio ≥ 0.5}), empty when none
 * @param met           whether the target was met; null when there is none
 */
public record Figure(
        String name, String unit, double value, String baselineName, double baseline, String target, Boolean met) {

    public double ratio() {
        return baseline == 0 ? Double.NaN : value / baseline;
    }

    /** A figure whose target is {@code ratio >= min}. */
    public static Figure atLeast(
            String name, String unit, double value, String baselineName, double baseline, double min) {
        double ratio = baseline == 0 ? Double.NaN : value / baseline;
        return new Figure(name, unit, value, baselineName, baseline, "ratio ≥ " + min, ratio >= min);
    }

    /** A figure whose target is {@code ratio <= max}. */
    public static Figure atMost(
            String name, String unit, double value, String baselineName, double baseline, double max) {
        double ratio = baseline == 0 ? Double.NaN : value / baseline;
        return new Figure(name, unit, value, baselineName, baseline, "ratio ≤ " + max, ratio <= max);
    }

    /** A figure with no target. */
    public static Figure of(String name, String unit, double value, String baselineName, double baseline) {
        return new Figure(name, unit, value, baselineName, baseline, "", null);
    }
}
