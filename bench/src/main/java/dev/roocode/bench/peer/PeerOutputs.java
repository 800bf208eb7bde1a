package dev.roocode.bench.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks batch output files of {@code bench/run peer}: one line per custom_id, and what two files agree on. */
final class PeerOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PeerOutputs() {}

    /**
     * How an output file covers the input's custom_ids.
     *
     * @param lines      non-blank output lines
     * @param missing    input custom_ids with no output line
     * @param duplicated input custom_ids with more than one output line
     * @param unknown    output lines whose custom_id is not in the input, or that are not JSON
     * @param succeeded  output lines answered with status 200
     */
    record Coverage(int lines, int missing, int duplicated, int unknown, int succeeded) {
        /** Exactly one output line per input custom_id and nothing else. */
        boolean exactlyOne() {
            return missing == 0 && duplicated == 0 && unknown == 0;
        }
    }

    /** How {@code output} covers {@code inputIds}. */
    static Coverage coverage(Set<String> inputIds, List<String> output) {
        Map<String, Integer> count = new HashMap<>();
        int lines = 0;
        int unknown = 0;
        int succeeded = 0;
        for (String line : output) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            JsonNode node = parse(line);
            String id = node == null ? null : node.path("custom_id").asText(null);
            if (id == null || !inputIds.contains(id)) {
                unknown++;
                continue;
            }
            count.merge(id, 1, Integer::sum);
            if (node.path("response").path("status_code").asInt() == 200) {
                succeeded++;
            }
        }
        int missing =
                (int) inputIds.stream().filter(id -> !count.containsKey(id)).count();
        int duplicated = (int) count.values().stream().filter(n -> n > 1).count();
        return new Coverage(lines, missing, duplicated, unknown, succeeded);
    }

    /** The custom_ids of a batch input file's lines (lines that are not JSON are skipped). */
    static Set<String> customIds(Collection<String> input) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : input) {
            JsonNode node = line.isBlank() ? null : parse(line);
            if (node != null && node.hasNonNull("custom_id")) {
                ids.add(node.get("custom_id").asText());
            }
        }
        return ids;
    }

    /**
     * Where two output files disagree per custom_id, bar the per-call fields (ids, timestamps): the status code and
     * the answer's content (a chat message, an embedding's length, an error code).
     *
     * @return one line per custom_id that differs or is only in one file; empty when they agree
     */
    static List<String> differences(List<String> left, List<String> right, String leftName, String rightName) {
        Map<String, String> l = comparable(left);
        Map<String, String> r = comparable(right);
        List<String> differences = new ArrayList<>();
        l.forEach((id, value) -> {
            String other = r.get(id);
            if (other == null) {
                differences.add(id + ": only in " + leftName);
            } else if (!other.equals(value)) {
                differences.add(id + ": " + value + " (" + leftName + ") vs " + other + " (" + rightName + ")");
            }
        });
        r.keySet().stream()
                .filter(id -> !l.containsKey(id))
                .forEach(id -> differences.add(id + ": only in " + rightName));
        return differences;
    }

    private static Map<String, String> comparable(List<String> lines) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (String line : lines) {
            JsonNode node = line.isBlank() ? null : parse(line);
            if (node == null) {
                continue;
            }
            JsonNode response = node.path("response");
            JsonNode body = response.path("body");
            byId.put(
                    node.path("custom_id").asText(),
                    response.path("status_code").asText("-") + " "
                            + body.path("choices")
                                    .path(0)
                                    .path("message")
                                    .path("content")
                                    .asText("")
                            + body.path("data").path(0).path("embedding").size()
                            + node.path("error").path("code").asText(""));
        }
        return byId;
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
