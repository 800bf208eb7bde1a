package dev.roocode.schemas.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson mapper of the codec; thread-safe once built. */
final class BatchJson {
    /** Rejects trailing garbage so {@code {"a":1} x} is not mistaken for a valid line. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private BatchJson() {}

    /** Compact JSON text of a node, as stored in the *Json fields of the Avro records. */
    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree we parsed ourselves always serialises
            throw new IllegalStateException(e);
        }
    }

    /** A parser message flattened to one line: Jackson's can span lines, an error report may not. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
