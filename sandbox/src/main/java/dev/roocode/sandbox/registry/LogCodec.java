package dev.roocode.sandbox.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON keys and values of the {@code _schemas} topic. Schema keys are
 * {@code {"keytype":"SCHEMA","subject":..,"version":..}} with value
 * {@code {"subject","version","id","schema","deleted"}}, or no value (a tombstone) once the version is
 * permanently deleted; config keys are {@code {"keytype":"CONFIG","subject":..|null}} with value
 * {@code {"compatibilityLevel":..|null}}; mode keys are {@code {"keytype":"MODE","subject":..|null}} with
 * value {@code {"mode":..|null}}. Keys identify what a record replaces, so compaction keeps the latest
 * state. Registries from before modes and permanent deletion skip MODE records and tombstones.
 */
final class LogCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogCodec() {}

    static byte[] key(LogEntry entry) {
        ObjectNode key = JSON.createObjectNode();
        if (entry instanceof LogEntry.SchemaVersion v) {
            key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version());
        } else if (entry instanceof LogEntry.VersionPurged p) {
            key.put("keytype", "SCHEMA").put("subject", p.subject()).put("version", p.version());
        } else if (entry instanceof LogEntry.Config c) {
            key.put("keytype", "CONFIG").put("subject", c.subject());
        } else if (entry instanceof LogEntry.Mode m) {
            key.put("keytype", "MODE").put("subject", m.subject());
        }
        return bytes(key);
    }

    /** The record value; null (a tombstone) for a permanent deletion. */
    static byte[] value(LogEntry entry) {
        ObjectNode value = JSON.createObjectNode();
        if (entry instanceof LogEntry.SchemaVersion v) {
            value.put("subject", v.subject())
                    .put("version", v.version())
                    .put("id", v.id())
                    .put("schema", v.schema())
                    .put("deleted", v.deleted());
        } else if (entry instanceof LogEntry.VersionPurged) {
            return null;
        } else if (entry instanceof LogEntry.Config c) {
            value.put("compatibilityLevel", c.level() == null ? null : c.level().name());
        } else if (entry instanceof LogEntry.Mode m) {
            value.put("mode", m.mode() == null ? null : m.mode().name());
        }
        return bytes(value);
    }

    /** The entry a record holds, or null for records this version does not understand (skipped). */
    static LogEntry decode(byte[] key, byte[] value) throws IOException {
        if (key == null) {
            return null;
        }
        JsonNode k = JSON.readTree(key);
        String keytype = k.path("keytype").asText("SCHEMA");
        JsonNode subjectNode = k.get("subject");
        String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
        if (value == null) {
            return "SCHEMA".equals(keytype) && subject != null && k.has("version")
                    ? new LogEntry.VersionPurged(subject, k.get("version").asInt())
                    : null;
        }
        JsonNode v = JSON.readTree(value);
        return switch (keytype) {
            case "SCHEMA" ->
                new LogEntry.SchemaVersion(
                        v.get("subject").asText(),
                        v.get("version").asInt(),
                        v.get("id").asInt(),
                        v.get("schema").asText(),
                        v.path("deleted").asBoolean(false));
            case "CONFIG" ->
                new LogEntry.Config(
                        subject,
                        CompatibilityLevel.parse(v.path("compatibilityLevel").asText(null)));
            case "MODE" ->
                new LogEntry.Mode(subject, RegistryMode.parse(v.path("mode").asText(null)));
            default -> null;
        };
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
