package dev.roocode.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * {@code encoding_format: "base64"} on {@code /v1/embeddings}, which the official SDKs (openai-java, openai-python)
 * send by default and decode themselves: each vector as the base64 of its float32 values, little-endian, as
 * OpenAI sends it. Jobs carry float vectors (a batch line still refuses base64), so the API asks for floats and
 * encodes the answer.
 */
final class Base64Embeddings {
    static final String FIELD = "encoding_format";
    static final String BASE64 = "base64";

    private Base64Embeddings() {}

    /** Whether {@code body} asks for base64; if so, removes the field so the job asks for floats. */
    static boolean takeRequest(ObjectNode body) {
        JsonNode format = body.get(FIELD);
        if (format != null && BASE64.equals(format.asText())) {
            body.remove(FIELD);
            return true;
        }
        return false;
    }

    /** {@code answer} (a CreateEmbeddingResponse) with every {@code data[].embedding} array as base64 text. */
    static ObjectNode encode(ObjectNode answer) {
        for (JsonNode item : answer.path("data")) {
            JsonNode vector = item.get("embedding");
            if (item instanceof ObjectNode object && vector != null && vector.isArray()) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * vector.size()).order(ByteOrder.LITTLE_ENDIAN);
                vector.forEach(value -> bytes.putFloat(value.floatValue()));
                object.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            }
        }
        return answer;
    }
}
