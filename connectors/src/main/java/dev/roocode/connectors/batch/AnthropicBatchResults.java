package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Anthropic Message Batch results file ({@code MessageBatchIndividualResponse} per line) → line outcomes.
 * A succeeded line's message goes through the realtime response mapper; an errored line's {@code ErrorResponse}
 * through the realtime classifier, with the HTTP status Anthropic documents for its error type (the line carries
 * none); canceled and expired lines fail so that another provider can serve them. A line that is not JSON or
 * has no custom_id is skipped (its job counts as unanswered); the group marker is left out. Pure.
 */
final class AnthropicBatchResults {
    private static final Logger log = LoggerFactory.getLogger(AnthropicBatchResults.class);

    /** Anthropic's error types and the status it sends each with (docs.claude.com, "Errors"). */
    private static final Map<String, Integer> STATUS_OF_TYPE = Map.of(
            "invalid_request_error", 400,
            "authentication_error", 401,
            "billing_error", 402,
            "permission_error", 403,
            "not_found_error", 404,
            "request_too_large", 413,
            "rate_limit_error", 429,
            "api_error", 500,
            "timeout_error", 504,
            "overloaded_error", 529);

    private AnthropicBatchResults() {}

    static Map<String, LineOutcome> parse(ProviderAdapter adapter, byte[] jsonl) {
        Map<String, LineOutcome> outcomes = new LinkedHashMap<>();
        int skipped = 0;
        for (JsonNode line : lines(jsonl)) {
            String customId = WireJson.text(line.get("custom_id"));
            if (customId == null || !line.path("result").isObject()) {
                skipped++;
                continue;
            }
            if (customId.startsWith(AnthropicBatchApi.MARKER_PREFIX)) {
                continue;
            }
            if (outcomes.putIfAbsent(customId, outcome(adapter, line.get("result"))) != null) {
                log.warn("anthropic batch results hold custom id {} twice; the first line counts", customId);
            }
        }
        if (skipped > 0) {
            log.warn("anthropic batch results: {} line(s) without JSON, custom_id or result skipped", skipped);
        }
        return outcomes;
    }

    /** Every custom_id in the results file. */
    static Set<String> customIds(byte[] jsonl) {
        Set<String> ids = new HashSet<>();
        for (JsonNode line : lines(jsonl)) {
            String customId = WireJson.text(line.get("custom_id"));
            if (customId != null) {
                ids.add(customId);
            }
        }
        return ids;
    }

    private static LineOutcome outcome(ProviderAdapter adapter, JsonNode result) {
        String type = result.path("type").asText("");
        return switch (type) {
            case "succeeded" -> succeeded(adapter, result.get("message"));
            case "errored" -> errored(adapter, result.get("error"));
            case "canceled" ->
                new LineOutcome.Failed(new ProviderError(
                        ErrorClass.PROVIDER_UNAVAILABLE,
                        null,
                        false,
                        null,
                        "anthropic canceled the batch line before it ran",
                        true));
            case "expired" ->
                new LineOutcome.Failed(new ProviderError(
                        ErrorClass.TIMEOUT,
                        null,
                        false,
                        null,
                        "the anthropic batch expired before the line ran",
                        true));
            default ->
                new LineOutcome.Failed(ProviderError.of(
                        ErrorClass.INVALID_RESPONSE, false, "batch line result of unknown type '" + type + "'"));
        };
    }

    private static LineOutcome succeeded(ProviderAdapter adapter, JsonNode message) {
        if (message == null || !message.isObject()) {
            return new LineOutcome.Failed(
                    ProviderError.of(ErrorClass.INVALID_RESPONSE, false, "succeeded batch line without a message"));
        }
        try {
            ProviderOutput output = adapter.parse(JobKind.CHAT, new HttpAnswer(200, Map.of(), WireJson.bytes(message)));
            if (output.getChoices().isEmpty()) {
                return new LineOutcome.Failed(
                        ProviderError.of(ErrorClass.INVALID_RESPONSE, false, "chat answer has no choices"));
            }
            return new LineOutcome.Succeeded(output);
        } catch (ProviderException e) {
            return new LineOutcome.Failed(e.error());
        }
    }

    private static LineOutcome errored(ProviderAdapter adapter, JsonNode error) {
        if (error == null || !error.isObject()) {
            return new LineOutcome.Failed(
                    ProviderError.of(ErrorClass.PROVIDER_ERROR, false, "errored batch line without an error"));
        }
        String type = error.path("error").path("type").asText("");
        int status = STATUS_OF_TYPE.getOrDefault(type, 500);
        return new LineOutcome.Failed(adapter.classify(new HttpAnswer(status, Map.of(), WireJson.bytes(error))));
    }

    private static List<JsonNode> lines(byte[] jsonl) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String text : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode node = WireJson.MAPPER.readTree(text);
                if (node != null && node.isObject()) {
                    nodes.add(node);
                } else {
                    nodes.add(WireJson.object());
                }
            } catch (IOException e) {
                nodes.add(WireJson.object()); // counted as skipped by parse: no custom_id
            }
        }
        return nodes;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
