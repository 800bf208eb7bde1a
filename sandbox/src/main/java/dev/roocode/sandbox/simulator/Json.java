package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON plumbing every wire format shares: requests read into a tree through one ObjectMapper (bodies are
 * small), answers written with the streaming generator straight into a byte array, without an object model.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Writes one answer with a generator. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private Json() {}

    /** The body as a JSON object, or null when it is not JSON or not an object. */
    static JsonNode object(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A tree written back to bytes (a batch line's body, kept as the client sent it). */
    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] write(int capacity, Writer writer) {
        ByteArrayBuilder out = new ByteArrayBuilder(capacity);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The text of a message's content: a string, or an array of blocks/parts of which only those with a
     * {@code text} field count (OpenAI parts, Anthropic and Cohere blocks, Gemini parts all look so).
     */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.has("text")) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    /** The body as a JSON object, else 400 {@link ErrorKind#INVALID_JSON} with the provider's own wording. */
    static JsonNode object(byte[] body, String notJsonMessage) throws InvalidRequestException {
        JsonNode root = object(body);
        if (root == null) {
            throw new InvalidRequestException(ErrorKind.INVALID_JSON, notJsonMessage, null);
        }
        return root;
    }

    /**
     * A string or an array of strings as a list (empty when absent), or null when an array item is not a string
     * (e.g. OpenAI's token arrays, which the simulator does not take).
     */
    static List<String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> strings = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return null;
            }
            strings.add(item.asText());
        }
        return strings;
    }

    /** A non-empty string field, or null. */
    static String string(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** An integer field, or -1 when absent or not an integer. */
    static int integer(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.canConvertToInt() ? value.asInt() : -1;
    }

    static void floats(JsonGenerator json, float[] vector) throws IOException {
        json.writeStartArray();
        for (float value : vector) {
            json.writeNumber(value);
        }
        json.writeEndArray();
    }
}
