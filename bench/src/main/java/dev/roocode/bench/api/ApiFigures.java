package dev.roocode.bench.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The arithmetic of {@code bench/run api}, apart from the I/O so that it can be tested. */
final class ApiFigures {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code Batch b-1: 10000 lines in 12.3 s (813.0 jobs/s)}, as {@code roocode run} ends. */
    private static final Pattern RUN_SUMMARY =
            Pattern.compile("Batch \\S+: (\\d+) lines in ([0-9.]+) s \\(([0-9.]+) jobs/s\\)");

    private ApiFigures() {}

    /** Lines per second over {@code elapsed}; NaN for no time. */
    static double jobsPerSecond(int lines, Duration elapsed) {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? Double.NaN : lines / (nanos / 1e9);
    }

    /** The jobs/s {@code roocode run} printed in its summary, if the output has one. */
    static OptionalDouble runJobsPerSecond(String output) {
        Matcher m = RUN_SUMMARY.matcher(output);
        OptionalDouble last = OptionalDouble.empty();
        while (m.find()) {
            last = OptionalDouble.of(Double.parseDouble(m.group(3)));
        }
        return last;
    }

    /** When the {@code index}th request of an open-loop run at {@code rate}/s is due, from {@code startNanos}. */
    static long dueNanos(long startNanos, int index, double rate) {
        return startNanos + (long) (index * 1e9 / rate);
    }

    /** The {@code quantile} of latencies in milliseconds, nearest rank; NaN when there are none. */
    static double percentileMs(long[] latenciesNanos, double quantile) {
        if (latenciesNanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    /**
     * How two batch output files agree line for line, bar timing: the same custom_ids, each with the same status
     * code and, on success, the same response body apart from its per-call fields (id, created, timing).
     *
     * @param left  the HTTP API's output lines
     * @param right {@code roocode run}'s output lines
     */
    static Comparison compare(List<String> left, List<String> right) {
        Map<String, JsonNode> rightById = byCustomId(right);
        Map<String, JsonNode> leftById = byCustomId(left);
        int matching = 0;
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, JsonNode> l : leftById.entrySet()) {
            JsonNode r = rightById.get(l.getKey());
            if (r == null) {
                differences.add(l.getKey() + ": only in the API's output");
            } else if (comparable(l.getValue()).equals(comparable(r))) {
                matching++;
            } else {
                differences.add(l.getKey() + ": " + comparable(l.getValue()) + " vs " + comparable(r));
            }
        }
        rightById.keySet().stream()
                .filter(id -> !leftById.containsKey(id))
                .forEach(id -> differences.add(id + ": only in roocode run's output"));
        return new Comparison(left.size(), right.size(), matching, differences);
    }

    /**
     * @param leftLines   lines of the API's output
     * @param rightLines  lines of {@code roocode run}'s output
     * @param matching    custom_ids that agree
     * @param differences one line per custom_id that does not
     */
    record Comparison(int leftLines, int rightLines, int matching, List<String> differences) {
        boolean identical() {
            return differences.isEmpty() && leftLines == rightLines;
        }
    }

    private static Map<String, JsonNode> byCustomId(List<String> lines) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                byId.put(node.path("custom_id").asText(), node);
            } catch (JsonProcessingException e) {
                byId.put("unparsable line " + byId.size(), JSON.createObjectNode());
            }
        }
        return byId;
    }

    /** What must agree: the status code and the answer's content, not ids or timestamps of the call. */
    private static String comparable(JsonNode line) {
        JsonNode response = line.path("response");
        JsonNode body = response.path("body");
        return response.path("status_code").asText() + " "
                + body.path("choices").path(0).path("message").path("content").asText("")
                + body.path("data").path(0).path("embedding").size()
                + line.path("error").path("code").asText("");
    }
}
