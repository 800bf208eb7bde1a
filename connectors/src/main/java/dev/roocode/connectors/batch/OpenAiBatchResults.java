package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads OpenAI-format batch output and error files ({@code BatchRequestOutput} lines) into line outcomes:
 * a 2xx {@code response} through the type's realtime response mapper, a non-2xx one through its error
 * classifier, an {@code error} without response ({@code batch_expired}, {@code batch_cancelled}, others) as a
 * failure another provider may fix. A line that is not JSON or has no {@code custom_id} cannot be mapped to
 * a job and is skipped (its job counts as unanswered); a custom id seen twice keeps its first outcome.
 * Lenient where real files differ from the format: an integer {@code error.code}, no final newline.
 */
final class OpenAiBatchResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiBatchResults() {}

    /** Adds the outcomes of {@code file}'s lines to {@code into}; returns how many lines were skipped. */
    static int read(byte[] file, JobKind kind, ProviderAdapter adapter, Map<String, LineOutcome> into) {
        int skipped = 0;
        for (String row : new String(file, StandardCharsets.UTF_8).split("\r?\n")) {
            if (row.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(row);
            } catch (IOException e) {
                skipped++;
                continue;
            }
            String customId = line == null ? null : line.path("custom_id").asText(null);
            if (customId == null || customId.isEmpty()) {
                skipped++;
                continue;
            }
            into.putIfAbsent(customId, outcome(line, kind, adapter));
        }
        return skipped;
    }

    private static LineOutcome outcome(JsonNode line, JobKind kind, ProviderAdapter adapter) {
        JsonNode response = line.get("response");
        if (response != null && response.isObject()) {
            int status = response.path("status_code").asInt(0);
            byte[] body = body(response.get("body"));
            String requestId = response.path("request_id").asText(null);
            HttpAnswer answer = new HttpAnswer(
                    status, requestId == null ? Map.of() : Map.of("x-request-id", List.of(requestId)), body);
            if (!answer.isSuccess()) {
                return new LineOutcome.Failed(adapter.classify(answer));
            }
            try {
                return new LineOutcome.Succeeded(adapter.parse(kind, answer));
            } catch (ProviderException e) {
                return new LineOutcome.Failed(e.error());
            }
        }
        JsonNode error = line.path("error");
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        return new LineOutcome.Failed(
                switch (code) {
                    case "batch_expired" ->
                        new ProviderError(
                                ErrorClass.TIMEOUT, null, false, null, "batch line expired before it ran", true);
                    case "batch_cancelled" ->
                        new ProviderError(
                                ErrorClass.PROVIDER_UNAVAILABLE,
                                null,
                                false,
                                null,
                                "batch line cancelled before it ran",
                                true);
                    default ->
                        new ProviderError(
                                ErrorClass.PROVIDER_ERROR,
                                null,
                                false,
                                null,
                                "batch line failed" + (code.isEmpty() ? "" : " (" + code + ")") + ": "
                                        + oneLine(message),
                                true);
                });
    }

    private static byte[] body(JsonNode body) {
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String oneLine(String message) {
        String flat = message.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
