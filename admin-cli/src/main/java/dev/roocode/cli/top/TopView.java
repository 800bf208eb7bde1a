package dev.roocode.cli.top;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.OutputOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Renders {@link ProviderRow}s: a table in the manner of {@code kafka-consumer-groups --describe}, or JSON. */
final class TopView {
    private static final String FORMAT = "%-16s %8s %8s %8s %6s %7s %-9s %9s %9s %8s %8s %7s%n";

    private TopView() {}

    /** The table, headed by when and over which interval it was computed; "(no provider metrics yet)" when none. */
    static String table(List<ProviderRow> rows, Instant at, Duration interval) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(Locale.ROOT, "roocode top  %s  rates over %.1f s%n%n", at, interval.toMillis() / 1000.0));
        out.append(String.format(
                Locale.ROOT,
                FORMAT,
                "PROVIDER",
                "REQ/S",
                "P50",
                "P99",
                "ERR%",
                "429/S",
                "BREAKER",
                "TOKENS/S",
                "$/H",
                "INFLIGHT",
                "BACKLOG",
                "MAXLAG"));
        for (ProviderRow row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    FORMAT,
                    row.provider(),
                    number(row.requestsPerSecond()),
                    latency(row.p50Seconds()),
                    latency(row.p99Seconds()),
                    row.errorPercent() == null ? "-" : String.format(Locale.ROOT, "%.1f", row.errorPercent()),
                    number(row.rateLimitedPerSecond()),
                    row.breaker(),
                    number(row.tokensPerSecond()),
                    String.format(Locale.ROOT, "%.4f", row.costUsdPerHour()),
                    row.inflight(),
                    row.backlog(),
                    row.maxPartitionLag()));
        }
        if (rows.isEmpty()) {
            out.append("(no provider metrics yet)").append(System.lineSeparator());
        }
        return out.toString();
    }

    /** The rows as JSON: {@code {"at", "intervalSeconds", "providers": [...]}}, latencies in seconds. */
    static ObjectNode json(List<ProviderRow> rows, Instant at, Duration interval) {
        ObjectNode root = OutputOptions.json().createObjectNode();
        root.put("at", at.toString());
        root.put("intervalSeconds", interval.toMillis() / 1000.0);
        ArrayNode providers = root.putArray("providers");
        for (ProviderRow row : rows) {
            ObjectNode node = providers.addObject();
            node.put("provider", row.provider());
            node.put("requestsPerSecond", row.requestsPerSecond());
            node.put("p50Seconds", row.p50Seconds());
            node.put("p99Seconds", row.p99Seconds());
            node.put("errorPercent", row.errorPercent());
            node.put("rateLimitedPerSecond", row.rateLimitedPerSecond());
            node.put("retriesPerSecond", row.retriesPerSecond());
            node.put("breaker", row.breaker());
            node.put("tokensPerSecond", row.tokensPerSecond());
            node.put("costUsdPerHour", row.costUsdPerHour());
            node.put("inflight", row.inflight());
            node.put("backlog", row.backlog());
            node.put("maxPartitionLag", row.maxPartitionLag());
        }
        return root;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    private static String latency(Double seconds) {
        if (seconds == null) {
            return "-";
        }
        return seconds < 1
                ? String.format(Locale.ROOT, "%.0fms", seconds * 1000)
                : String.format(Locale.ROOT, "%.2fs", seconds);
    }
}
