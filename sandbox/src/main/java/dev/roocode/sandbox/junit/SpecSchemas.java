package dev.roocode.sandbox.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks answers against the providers' published OpenAPI schemas in the shared specs folder (JSON specs
 * or YAML, e.g. openai-openapi.yaml): {@code $ref}, {@code allOf} / {@code anyOf} / {@code oneOf}, {@code type} (with {@code nullable}),
 * {@code const}, {@code enum}, {@code required}, {@code properties} and {@code items}, which is what a
 * client's generated parser relies on. Without the shared folder the test is skipped with a notice, unless
 * {@code CI=true}, where a missing spec is a failure ({@link SharedFiles}).
 */
public final class SpecSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> LOADED = new ConcurrentHashMap<>();

    private SpecSchemas() {}

    /** The violations of {@code instance} against {@code components.schemas.<schema>} of {@code specFile}. */
    public static List<String> violations(String specFile, String schema, JsonNode instance) {
        JsonNode spec = LOADED.computeIfAbsent(specFile, SpecSchemas::load);
        List<String> errors = new ArrayList<>();
        new Walk(spec, errors).check(spec.path("components").path("schemas").path(schema), instance, "$");
        return errors;
    }

    private static JsonNode load(String specFile) {
        Path file = SharedFiles.file("specs/" + specFile);
        try {
            return specFile.endsWith(".yaml") || specFile.endsWith(".yml")
                    ? new YAMLMapper().readTree(file.toFile())
                    : JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Walk(JsonNode spec, List<String> errors) {

        void check(JsonNode schema, JsonNode node, String at) {
            if (schema.has("$ref")) {
                String[] path = schema.get("$ref").asText().substring(2).split("/");
                JsonNode target = spec;
                for (String part : path) {
                    target = target.path(part);
                }
                if (target.isMissingNode()) {
                    errors.add(at + ": unresolved " + schema.get("$ref").asText());
                    return;
                }
                check(target, node, at);
                return;
            }
            if (node.isNull() && (schema.path("nullable").asBoolean(false) || allowsType(schema, "null"))) {
                return;
            }
            for (JsonNode part : schema.path("allOf")) {
                check(part, node, at);
            }
            for (String choice : List.of("anyOf", "oneOf")) {
                if (schema.has(choice) && !matchesAny(schema.get(choice), node, at)) {
                    errors.add(at + ": matches none of " + choice);
                }
            }
            if (schema.has("type")
                    && !allowsType(schema, typeOf(node))
                    && !(typeOf(node).equals("integer") && allowsType(schema, "number"))) {
                errors.add(at + ": is " + typeOf(node) + ", schema says " + schema.get("type"));
                return;
            }
            if (schema.has("const") && !schema.get("const").equals(node)) {
                errors.add(at + ": must be " + schema.get("const"));
            }
            if (schema.has("enum") && node.isTextual() && !contains(schema.get("enum"), node)) {
                errors.add(at + ": " + node + " not in " + schema.get("enum"));
            }
            for (JsonNode required : schema.path("required")) {
                if (node.isObject() && !node.has(required.asText())) {
                    errors.add(at + ": missing required " + required.asText());
                }
            }
            if (node.isObject()) {
                schema.path("properties").fields().forEachRemaining(property -> {
                    if (node.has(property.getKey())) {
                        check(property.getValue(), node.get(property.getKey()), at + "." + property.getKey());
                    }
                });
            }
            if (node.isArray() && schema.has("items")) {
                for (int i = 0; i < node.size(); i++) {
                    check(schema.get("items"), node.get(i), at + "[" + i + "]");
                }
            }
        }

        private boolean matchesAny(JsonNode choices, JsonNode node, String at) {
            for (JsonNode choice : choices) {
                Walk trial = new Walk(spec, new ArrayList<>());
                trial.check(choice, node, at);
                if (trial.errors.isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        private static boolean allowsType(JsonNode schema, String type) {
            JsonNode declared = schema.get("type");
            if (declared == null) {
                return false;
            }
            return declared.isArray()
                    ? contains(declared, JSON.getNodeFactory().textNode(type))
                    : declared.asText().equals(type);
        }

        private static boolean contains(JsonNode array, JsonNode value) {
            for (JsonNode item : array) {
                if (item.equals(value)) {
                    return true;
                }
            }
            return false;
        }

        private static String typeOf(JsonNode node) {
            if (node.isIntegralNumber()) {
                return "integer";
            }
            if (node.isNumber()) {
                return "number";
            }
            return node.isTextual() ? "string" : node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }
}
