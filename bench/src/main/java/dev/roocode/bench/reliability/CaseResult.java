package dev.roocode.bench.reliability;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one reliability case measured.
 *
 * @param name                   the case
 * @param submitted              distinct jobs submitted
 * @param answered               distinct jobs with a Result
 * @param duplicateResults       Results beyond the first per job
 * @param duplicateProviderCalls provider calls beyond the first per job (simulator counter)
 * @param callBound              the most repeated provider calls the case allows: one in-flight window per crash,
 *                               0 when nothing crashes, -1 when repeats are expected (retries of dropped connections)
 * @param recoverySeconds        from the kill to the start of the first run of {@link #STEADY_SECONDS} seconds
 *                               after it, each answering ≥ 50% of the offered rate; NaN when the case kills nothing
 * @param longestGapSeconds      longest run of whole seconds without any Result
 * @param note                   what was done, and anything odd
 */
public record CaseResult(
        String name,
        int submitted,
        int answered,
        long duplicateResults,
        long duplicateProviderCalls,
        int callBound,
        double recoverySeconds,
        int longestGapSeconds,
        String note) {

    public int lost() {
        return submitted - answered;
    }

    /** The case as a report row. */
    public Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("case", name);
        row.put("submitted", submitted);
        row.put("Results", answered);
        row.put("lost", lost());
        row.put("duplicate Results", duplicateResults);
        row.put("duplicate provider calls", duplicateProviderCalls);
        row.put("allowed repeats", callBound < 0 ? "n/a (retries)" : callBound);
        row.put(
                "recovery s",
                Double.isNaN(recoverySeconds) ? "—" : String.format(Locale.ROOT, "%.1f", recoverySeconds));
        row.put("longest gap s", longestGapSeconds);
        row.put("targets met", targetsMet() ? "yes" : "**no**");
        row.put("note", note);
        return row;
    }

    /** Seconds of steady answers that count as recovered. */
    public static final int STEADY_SECONDS = 3;

    /** 0 lost, 0 duplicate Results, repeated calls within the bound, recovery ≤ 60 s. */
    public boolean targetsMet() {
        return deliveryMet() && (Double.isNaN(recoverySeconds) || recoverySeconds <= 60);
    }

    /**
     * The guarantees, which hold however loaded the machine is: 0 lost, 0 duplicate Results, repeated provider
     * calls within the bound. Recovery time is left out: it is a figure of the machine as much as of Roocode.
     */
    public boolean deliveryMet() {
        return lost() == 0 && duplicateResults == 0 && (callBound < 0 || duplicateProviderCalls <= callBound);
    }
}
