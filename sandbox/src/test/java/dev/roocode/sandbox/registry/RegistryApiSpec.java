package dev.roocode.sandbox.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.roocode.sandbox.junit.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Confluent's published Schema Registry OpenAPI document ({@code shared/specs}, not copied into the
 * project), as a judge of answers: {@link #violations} says what is wrong with an answer to
 * {@code method pathTemplate} with a status and body. The status must be one the document declares
 * for that operation, and the body must match the response schema it names for the Confluent media
 * type. The document's objects declare no {@code required} fields and allow any others; here an
 * object may only hold the properties its schema names, so a misspelled or invented field is caught.
 */
final class RegistryApiSpec {
    static final String FILE = "specs/confluent-schema-registry-api-spec.yaml";
    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private final JsonNode spec;

    private RegistryApiSpec(JsonNode spec) {
        this.spec = spec;
    }

    /** The document; skips the calling test with a notice when absent, fails with {@code CI=true}. */
    static RegistryApiSpec load() {
        try {
            return new RegistryApiSpec(new ObjectMapper(new YAMLFactory())
                    .readTree(SharedFiles.file(FILE).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every way the answer breaks the document; empty when it conforms. */
    List<String> violations(String method, String pathTemplate, int status, JsonNode body) {
        List<String> errors = new ArrayList<>();
        JsonNode operation = spec.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            errors.add(method + " " + pathTemplate + " is not an operation of the document");
            return errors;
        }
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            errors.add(method + " " + pathTemplate + ": status " + status + " is not declared (declared: "
                    + fieldNames(operation.path("responses")) + ")");
            return errors;
        }
        JsonNode schema = response.path("content").path(MEDIA_TYPE).path("schema");
        if (schema.isMissingNode()) {
            errors.add(method + " " + pathTemplate + " " + status + ": the document gives no schema for " + MEDIA_TYPE);
            return errors;
        }
        check(schema, body, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode node, String at, List<String> errors) {
        if (schema.has("$ref")) {
            JsonNode target = spec;
            for (String part : schema.get("$ref").asText().substring(2).split("/")) {
                target = target.path(part);
            }
            if (target.isMissingNode()) {
                errors.add(at + ": unresolved " + schema.get("$ref").asText());
            } else {
                check(target, node, at, errors);
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!node.isObject()) {
                    errors.add(at + ": is " + node.getNodeType() + ", the document says object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (properties.has(name)) {
                        check(properties.get(name), node.get(name), at + "." + name, errors);
                    } else if (schema.has("additionalProperties")) {
                        check(schema.get("additionalProperties"), node.get(name), at + "." + name, errors);
                    } else {
                        errors.add(at + ": property '" + name + "' is not in the document (" + fieldNames(properties)
                                + ")");
                    }
                }
            }
            case "array" -> {
                if (!node.isArray()) {
                    errors.add(at + ": is " + node.getNodeType() + ", the document says array");
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    check(schema.path("items"), node.get(i), at + "[" + i + "]", errors);
                }
            }
            case "integer" -> {
                if (!node.isIntegralNumber()
                        || "int32".equals(schema.path("format").asText()) && !node.canConvertToInt()) {
                    errors.add(at + ": " + node + " is not an "
                            + schema.path("format").asText("integer"));
                }
            }
            case "string" -> {
                if (!node.isTextual()) {
                    errors.add(at + ": " + node + " is not a string");
                } else if (schema.has("enum") && !contains(schema.get("enum"), node)) {
                    errors.add(at + ": " + node + " is not one of " + schema.get("enum"));
                }
            }
            case "boolean" -> {
                if (!node.isBoolean()) {
                    errors.add(at + ": " + node + " is not a boolean");
                }
            }
            default -> errors.add(at + ": the checker does not know schema type '" + type + "'");
        }
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
