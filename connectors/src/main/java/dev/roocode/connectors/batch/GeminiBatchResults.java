package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A finished Gemini batch operation's {@code response.inlinedResponses.inlinedResponses} → line outcomes, matched
 * by each response's {@code metadata.key} (the custom id sent), not by position, so a missing or extra response
 * cannot shift the others. A {@code response} goes through the realtime response mapper (a blocked prompt is a
 * CONTENT_POLICY failure); an {@code error} (google.rpc.Status) through the realtime classifier, as the HTTP
 * answer Google maps its code to. A response without a key is skipped. Pure.
 */
final class GeminiBatchResults {
    private static final Logger log = LoggerFactory.getLogger(GeminiBatchResults.class);

    /** google.rpc.Code → the HTTP status Google's REST APIs answer with it. */
    private static final int[] HTTP_OF_CODE = {
        200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401
    };

    private static final String[] CODE_NAMES = {
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED"
    };

    private GeminiBatchResults() {}

    static Map<String, LineOutcome> parse(ProviderAdapter adapter, JsonNode operation) {
        Map<String, LineOutcome> outcomes = new LinkedHashMap<>();
        JsonNode responses = operation.path("response").path("inlinedResponses").path("inlinedResponses");
        int skipped = 0;
        for (JsonNode response : responses) {
            String key = WireJson.text(response.path("metadata").get("key"));
            if (key == null) {
                skipped++;
                continue;
            }
            if (outcomes.putIfAbsent(key, outcome(adapter, response)) != null) {
                log.warn("gemini batch responses hold key {} twice; the first counts", key);
            }
        }
        if (skipped > 0) {
            log.warn("gemini batch responses: {} response(s) without metadata.key skipped", skipped);
        }
        return outcomes;
    }

    private static LineOutcome outcome(ProviderAdapter adapter, JsonNode response) {
        if (response.path("error").isObject()) {
            return new LineOutcome.Failed(adapter.classify(errorAnswer(response.get("error"))));
        }
        JsonNode body = response.get("response");
        if (body == null || !body.isObject()) {
            return new LineOutcome.Failed(ProviderError.of(
                    ErrorClass.INVALID_RESPONSE, false, "batch response with neither response nor error"));
        }
        try {
            ProviderOutput output = adapter.parse(JobKind.CHAT, new HttpAnswer(200, Map.of(), WireJson.bytes(body)));
            if (output.getChoices().isEmpty()) {
                return new LineOutcome.Failed(
                        ProviderError.of(ErrorClass.INVALID_RESPONSE, false, "chat answer has no choices"));
            }
            return new LineOutcome.Succeeded(output);
        } catch (ProviderException e) {
            return new LineOutcome.Failed(e.error());
        }
    }

    /** A google.rpc.Status as the REST error answer it would be: {@code {"error": {code, message, status, details}}}. */
    static HttpAnswer errorAnswer(JsonNode status) {
        int code = status.path("code").asInt(2);
        boolean known = code >= 0 && code < HTTP_OF_CODE.length;
        int http = known ? HTTP_OF_CODE[code] : 500;
        ObjectNode error = WireJson.object();
        ObjectNode inner = error.putObject("error");
        inner.put("code", http);
        if (status.hasNonNull("message")) {
            inner.set("message", status.get("message"));
        }
        inner.put("status", known ? CODE_NAMES[code] : "UNKNOWN");
        if (status.path("details").isArray()) {
            inner.set("details", status.get("details"));
        }
        return new HttpAnswer(http, Map.of(), WireJson.bytes(error));
    }
}
