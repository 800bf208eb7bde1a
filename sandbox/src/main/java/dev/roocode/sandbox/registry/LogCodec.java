package dev.roocode.sandbox.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON keys and values of the {@code _schemas} topic. Schema keys are
 * {@code {"keytype":"SCHEMA","subject":..,"version":..}} with value
 * {@code {"subject","version","id","schema","deleted"}}; config keys are
 * {@code {"keytype":"CONFIG","subject":..|null}} with value {@code {"compatibilityLevel":..|null}}.
 * Keys identify what a record replaces, so compaction keeps the latest state.
 */
final class LogCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogCodec() {}

    static byte[] key(LogEntry entry) {
        ObjectNode key = JSON.createObjectNode();
        if (entry instanceof LogEntry.SchemaVersion v) {
            key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version());
        } else if (entry instanceof LogEntry.Config c) {
            key.put("keytype", "CONFIG").put("subject", c.subject());
        }
        return bytes(key);
    }

    static byte[] value(LogEntry entry) {
        ObjectNode value = JSON.createObjectNode();
        if (entry instanceof LogEntry.SchemaVersion v) {
            value.put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                    .put("schema", v.schema()).put("deleted", v.deleted());
        } else if (entry instanceof LogEntry.Config c) {
            value.put("compatibilityLevel", c.level() == null ? null : c.level().name());
        }
        return bytes(value);
    }

    /** The entry a record holds, or null for records this version does not understand (skipped). */
    static LogEntry decode(byte[] key, byte[] value) throws IOException {
        if (key == null || value == null) {
            return null;
        }
        JsonNode k = JSON.readTree(key);
        JsonNode v = JSON.readTree(value);
        String keytype = k.path("keytype").asText("SCHEMA");
        if ("SCHEMA".equals(keytype)) {
            return new LogEntry.SchemaVersion(v.get("subject").asText(), v.get("version").asInt(), v.get("id").asInt(),
                    v.get("schema").asText(), v.path("deleted").asBoolean(false));
        }
        if ("CONFIG".equals(keytype)) {
            JsonNode subject = k.get("subject");
            return new LogEntry.Config(subject == null || subject.isNull() ? null : subject.asText(),
                    CompatibilityLevel.parse(v.path("compatibilityLevel").asText(null)));
        }
        return null;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
