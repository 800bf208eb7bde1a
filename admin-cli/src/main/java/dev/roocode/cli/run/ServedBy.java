package dev.roocode.cli.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The "served by" line of a batch summary ({@code run}, {@code submit --wait}) and of
 * {@code batches show}: lines per provider that served them, most first, then those no provider served.
 */
public final class ServedBy {
    private ServedBy() {}

    /** e.g. {@code openai-main 120, vllm-a 28, no provider 3}; {@code none} when nothing was counted. */
    public static String line(Map<String, Long> byProvider, long withoutProvider) {
        List<String> parts = new ArrayList<>();
        byProvider.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        if (withoutProvider > 0) {
            parts.add("no provider " + withoutProvider);
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
