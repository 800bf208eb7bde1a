package dev.roocode.api.batches;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.api.http.Exchanges;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's failed lines counted by reason: the error code of each line of its error file (OpenAI's shape: {@code
 * error.code} when the request never got an HTTP answer, else {@code response.body.error.code}, else that error's
 * {@code type}), most frequent first. A line that is not such JSON counts as {@code unreadable}.
 */
public final class FailureReasons {
    static final String UNKNOWN = "unknown";
    static final String UNREADABLE = "unreadable";

    private FailureReasons() {}

    /** The reason of one error-file line. */
    static String reason(String line) {
        JsonNode node;
        try {
            node = Exchanges.JSON.readTree(line);
        } catch (IOException e) {
            return UNREADABLE;
        }
        if (node == null || !node.isObject()) {
            return UNREADABLE;
        }
        String code = text(node.path("error").path("code"));
        if (code == null) {
            JsonNode error = node.path("response").path("body").path("error");
            code = text(error.path("code"));
            if (code == null) {
                code = text(error.path("type"));
            }
        }
        return code == null ? UNKNOWN : code;
    }

    /** The reasons of {@code lines} with their counts, most frequent first (ties by name). */
    public static Map<String, Long> count(Iterable<String> lines) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                counts.merge(reason(line), 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }
}
