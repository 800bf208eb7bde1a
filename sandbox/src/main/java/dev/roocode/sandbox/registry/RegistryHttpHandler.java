package dev.roocode.sandbox.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Confluent Schema Registry REST API subset over a {@link SchemaStore}: subjects and
 * versions (with {@code subjectPrefix}, {@code deleted}, {@code deletedOnly}, {@code offset},
 * {@code limit}), soft and permanent deletion of subjects and versions, schemas by id and the
 * subjects and versions using an id, {@code referencedby}, compatibility checks, compatibility
 * config, modes and contexts. Answers and errors use the Confluent media type and
 * {@code {"error_code","message"}} bodies. Past 300 lines: it is the one routing table of the API.
 */
final class RegistryHttpHandler implements HttpHandler {
    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Confluent's {@code subjectPrefix} default: subjects of every context. */
    private static final String ANY_CONTEXT = ":*:";
    /** A {@code subjectPrefix} starting with this names the default context, the only one here. */
    private static final String DEFAULT_CONTEXT_PREFIX = ":.:";
    /** The name {@code GET /contexts} gives the default context. */
    private static final String DEFAULT_CONTEXT = ".";

    private final SchemaStore store;

    RegistryHttpHandler(SchemaStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Object answer;
            int status = 200;
            try {
                answer = route(
                        exchange.getRequestMethod(),
                        segments(exchange.getRequestURI().getRawPath()),
                        query(exchange.getRequestURI().getRawQuery()),
                        exchange);
            } catch (RegistryError e) {
                status = e.status;
                answer = error(e.errorCode, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                answer = error(50001, "Error in the backend data store: " + e);
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Object route(String method, List<String> path, Map<String, String> query, HttpExchange exchange)
            throws IOException {
        int n = path.size();
        String root = n == 0 ? "" : path.get(0);
        switch (root) {
            case "" -> {
                return only(method, "GET", JSON.createObjectNode());
            }
            case "subjects" -> {
                if (n == 1) {
                    require(method, "GET");
                    String prefix = query.getOrDefault("subjectPrefix", ANY_CONTEXT);
                    prefix = prefix.equals(ANY_CONTEXT)
                            ? ""
                            : prefix.startsWith(DEFAULT_CONTEXT_PREFIX)
                                    ? prefix.substring(DEFAULT_CONTEXT_PREFIX.length())
                                    : prefix;
                    return page(store.subjects(prefix, filter(query)), query);
                }
                String subject = path.get(1);
                boolean deleted = flag(query, "deleted");
                if (n == 2 && method.equals("POST")) {
                    return versionNode(store.lookup(subject, schemaOf(exchange), deleted));
                }
                if (n == 2 && method.equals("DELETE")) {
                    return store.deleteSubject(subject, flag(query, "permanent"));
                }
                if (n == 3 && path.get(2).equals("versions") && method.equals("GET")) {
                    return page(store.versionNumbers(subject, filter(query)), query);
                }
                if (n == 3 && path.get(2).equals("versions") && method.equals("POST")) {
                    LogEntry.SchemaVersion registered = store.register(subject, schemaOf(exchange));
                    return JSON.createObjectNode().put("id", registered.id());
                }
                if (n == 4 && path.get(2).equals("versions") && method.equals("DELETE")) {
                    return store.deleteVersion(subject, path.get(3), flag(query, "permanent"));
                }
                if (n == 4 && path.get(2).equals("versions")) {
                    require(method, "GET");
                    return versionNode(store.version(subject, path.get(3), deleted));
                }
                if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("schema")) {
                    require(method, "GET");
                    return JSON.readTree(
                            store.version(subject, path.get(3), deleted).schema());
                }
                if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("referencedby")) {
                    require(method, "GET");
                    store.version(subject, path.get(3), deleted);
                    return List.of(); // registration refuses references, so nothing can reference a version
                }
            }
            case "schemas" -> {
                if (n == 2 && path.get(1).equals("types")) {
                    return only(method, "GET", List.of("AVRO"));
                }
                if ((n == 3 || n == 4 && path.get(3).equals("schema"))
                        && path.get(1).equals("ids")) {
                    require(method, "GET");
                    String schema = store.schemaById(parseId(path.get(2)));
                    return n == 4
                            ? JSON.readTree(schema)
                            : JSON.createObjectNode().put("schema", schema);
                }
                if (n == 4
                        && path.get(1).equals("ids")
                        && (path.get(3).equals("subjects") || path.get(3).equals("versions"))) {
                    require(method, "GET");
                    List<LogEntry.SchemaVersion> using =
                            store.versionsOfId(parseId(path.get(2)), query.get("subject"), flag(query, "deleted"));
                    if (path.get(3).equals("subjects")) {
                        return page(
                                using.stream()
                                        .map(LogEntry.SchemaVersion::subject)
                                        .distinct()
                                        .sorted()
                                        .toList(),
                                query);
                    }
                    return page(
                            using.stream()
                                    .map(v -> JSON.createObjectNode()
                                            .put("subject", v.subject())
                                            .put("version", v.version()))
                                    .toList(),
                            query);
                }
            }
            case "mode" -> {
                if (n == 1 || n == 2) {
                    return mode(method, n == 2 ? path.get(1) : null, query, exchange);
                }
            }
            case "contexts" -> {
                if (n == 1) {
                    return only(method, "GET", List.of(DEFAULT_CONTEXT)); // every subject lives in the default context
                }
            }
            case "compatibility" -> {
                if ((n == 4 || n == 5)
                        && path.get(1).equals("subjects")
                        && path.get(3).equals("versions")) {
                    String version = n == 5 ? path.get(4) : null;
                    require(method, "POST");
                    List<String> violations = store.compatibility(path.get(2), version, schemaOf(exchange));
                    ObjectNode answer = JSON.createObjectNode().put("is_compatible", violations.isEmpty());
                    if ("true".equals(query.get("verbose"))) {
                        violations.forEach(answer.putArray("messages")::add);
                    }
                    return answer;
                }
            }
            case "config" -> {
                if (n == 1 || n == 2) {
                    return config(method, n == 2 ? path.get(1) : null, query, exchange);
                }
            }
            default -> {
                // falls through to 404
            }
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found");
    }

    private Object config(String method, String subject, Map<String, String> query, HttpExchange exchange)
            throws IOException {
        switch (method) {
            case "GET" -> {
                CompatibilityLevel level = subject == null ? store.globalLevel() : store.subjectLevel(subject);
                if (level == null && "true".equals(query.get("defaultToGlobal"))) {
                    level = store.globalLevel();
                }
                if (level == null) {
                    throw new RegistryError(
                            404,
                            40408,
                            "Subject '" + subject + "' does not have subject-level compatibility configured");
                }
                return JSON.createObjectNode().put("compatibilityLevel", level.name());
            }
            case "PUT" -> {
                String requested = body(exchange).path("compatibility").asText(null);
                CompatibilityLevel level = CompatibilityLevel.parse(requested);
                if (level == null) {
                    throw RegistryError.invalidCompatibility(requested);
                }
                store.setLevel(subject, level);
                return JSON.createObjectNode().put("compatibility", level.name());
            }
            case "DELETE" -> {
                CompatibilityLevel previous = subject == null ? store.globalLevel() : store.subjectLevel(subject);
                if (previous == null) {
                    throw RegistryError.subjectNotFound(subject);
                }
                store.setLevel(subject, null);
                return JSON.createObjectNode().put("compatibilityLevel", previous.name());
            }
            default -> throw methodNotAllowed();
        }
    }

    private Object mode(String method, String subject, Map<String, String> query, HttpExchange exchange)
            throws IOException {
        switch (method) {
            case "GET" -> {
                RegistryMode mode = subject == null ? store.globalMode() : store.subjectMode(subject);
                if (mode == null && flag(query, "defaultToGlobal")) {
                    mode = store.globalMode();
                }
                if (mode == null) {
                    throw RegistryError.modeNotConfigured(subject);
                }
                return JSON.createObjectNode().put("mode", mode.name());
            }
            case "PUT" -> {
                String requested = body(exchange).path("mode").asText(null);
                RegistryMode mode = RegistryMode.parse(requested);
                if (mode == null) {
                    throw RegistryError.invalidMode(requested);
                }
                store.setMode(subject, mode);
                return JSON.createObjectNode().put("mode", mode.name());
            }
            case "DELETE" -> {
                RegistryMode previous = subject == null ? store.globalMode() : store.subjectMode(subject);
                if (previous == null) {
                    throw RegistryError.subjectNotFound(subject);
                }
                store.setMode(subject, null);
                return JSON.createObjectNode().put("mode", previous.name());
            }
            default -> throw methodNotAllowed();
        }
    }

    private static SchemaStore.Filter filter(Map<String, String> query) {
        return SchemaStore.Filter.of(flag(query, "deleted"), flag(query, "deletedOnly"));
    }

    private static boolean flag(Map<String, String> query, String name) {
        return "true".equalsIgnoreCase(query.get(name));
    }

    /** Confluent's {@code offset} / {@code limit} (a negative limit means all). */
    private static <T> List<T> page(List<T> all, Map<String, String> query) {
        int offset = Math.max(0, intParam(query, "offset", 0));
        int limit = intParam(query, "limit", -1);
        if (offset >= all.size()) {
            return List.of();
        }
        int end = limit < 0 ? all.size() : (int) Math.min(all.size(), (long) offset + limit);
        return all.subList(offset, end);
    }

    private static int intParam(Map<String, String> query, String name, int otherwise) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new RegistryError(400, 400, "query parameter " + name + " must be an integer, was '" + value + "'");
        }
    }

    /** The {@code schema} of a register/lookup/compatibility body; only AVRO without references is served. */
    private static String schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryError.invalidSchema(
                    "schema type " + type + " is not supported by the embedded registry (AVRO only)");
        }
        if (body.path("references").size() > 0) {
            throw RegistryError.invalidSchema("schema references are not supported by the embedded registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryError.invalidSchema("the request has no \"schema\" string");
        }
        return schema.asText();
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode node = JSON.readTree(in);
            if (node == null || !node.isObject()) {
                throw new RegistryError(400, 400, "the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RegistryError(400, 400, "malformed JSON request body: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode versionNode(LogEntry.SchemaVersion v) {
        return JSON.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id())
                .put("schema", v.schema());
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static <T> T only(String method, String allowed, T answer) {
        require(method, allowed);
        return answer;
    }

    private static void require(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed();
        }
    }

    private static RegistryError methodNotAllowed() {
        return new RegistryError(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static int parseId(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("Schema " + id);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String component) {
        // percent-decoding only: a '+' in a path segment is a literal plus, not a space
        return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
