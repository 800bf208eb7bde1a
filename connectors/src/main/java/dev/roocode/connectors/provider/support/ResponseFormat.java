package dev.roocode.connectors.provider.support;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job's OpenAI {@code response_format}: plain text, any JSON object, or JSON matching a schema.
 *
 * @param schema the JSON Schema of {@code json_schema}, else null
 * @param name the schema's name of {@code json_schema}, else null
 */
public record ResponseFormat(Type type, JsonNode schema, String name) {

    /** The three OpenAI response format types. */
    public enum Type {
        TEXT,
        JSON_OBJECT,
        JSON_SCHEMA
    }

    /** Parses {@code responseFormatJson}; INVALID_JOB when malformed, BAD_REQUEST for an unknown type. */
    public static ResponseFormat parse(String responseFormatJson) {
        JsonNode format = WireJson.jobField("responseFormatJson", responseFormatJson);
        String type = WireJson.text(format.get("type"));
        if (!format.isObject() || type == null) {
            throw WireJson.invalidJob("responseFormatJson must be an object with a type");
        }
        return switch (type) {
            case "text" -> new ResponseFormat(Type.TEXT, null, null);
            case "json_object" -> new ResponseFormat(Type.JSON_OBJECT, null, null);
            case "json_schema" -> {
                JsonNode jsonSchema = format.path("json_schema");
                JsonNode schema = jsonSchema.get("schema");
                if (schema == null || !schema.isObject()) {
                    throw WireJson.invalidJob("responseFormatJson json_schema needs json_schema.schema");
                }
                yield new ResponseFormat(Type.JSON_SCHEMA, schema, WireJson.text(jsonSchema.get("name")));
            }
            default -> throw WireJson.unsupported("responseFormatJson type '" + type + "' is not supported");
        };
    }
}
