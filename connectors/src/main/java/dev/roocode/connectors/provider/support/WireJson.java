package dev.roocode.connectors.provider.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import java.io.IOException;
import java.util.Optional;

/**
 * JSON handling shared by provider adapters: a lenient reader (providers add fields freely), the
 * job's JSON-text fields turned into trees with INVALID_JOB naming the field, {@code extraBodyJson}
 * merged last, and answer bodies read with INVALID_RESPONSE on anything that is not one JSON value.
 */
public final class WireJson {
    private static final int MAX_MESSAGE = 300;

    /** Lenient on unknown fields, strict on trailing garbage (a truncated or concatenated body). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private WireJson() {}

    /** A new empty object node. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The JSON text of job field {@code field}, parsed; INVALID_JOB naming the field when it is not JSON. */
    public static JsonNode jobField(String field, String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ProviderException.permanent(
                    ErrorClass.INVALID_JOB, field + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Whether a job's optional JSON-text field is set. */
    public static boolean present(String json) {
        return json != null && !json.isBlank();
    }

    /** Merges the job's {@code extraBodyJson} into {@code body}, last, so it can override any mapped field. */
    public static void mergeExtraBody(ObjectNode body, String extraBodyJson) {
        if (!present(extraBodyJson)) {
            return;
        }
        JsonNode extra = jobField("extraBodyJson", extraBodyJson);
        if (!extra.isObject()) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "extraBodyJson must be a JSON object");
        }
        body.setAll((ObjectNode) extra);
    }

    /** The request body bytes. */
    public static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write request JSON", e);
        }
    }

    /** A 2xx body as a JSON object; INVALID_RESPONSE when empty, truncated, not JSON or not an object. */
    public static JsonNode answerObject(byte[] body) {
        if (body.length == 0) {
            throw invalidResponse("empty body");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw invalidResponse("body is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalidResponse("body is not a JSON object");
        }
        return root;
    }

    /** An error body as a JSON object, or empty when it is not one (HTML from a proxy, truncated JSON). */
    public static Optional<JsonNode> errorObject(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The text of {@code node}, or null when absent or JSON null. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /** {@code message} on one line, at most 300 characters. */
    public static String oneLine(String message) {
        String line = message.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "…";
    }

    /** A non-retryable INVALID_RESPONSE. */
    public static ProviderException invalidResponse(String message) {
        return ProviderException.permanent(ErrorClass.INVALID_RESPONSE, message);
    }

    /** A non-retryable BAD_REQUEST: the job asks for something this provider cannot honour. */
    public static ProviderException unsupported(String message) {
        return ProviderException.permanent(ErrorClass.BAD_REQUEST, message);
    }

    /** A non-retryable INVALID_JOB: the job itself is malformed. */
    public static ProviderException invalidJob(String message) {
        return ProviderException.permanent(ErrorClass.INVALID_JOB, message);
    }
}
