package dev.roocode.connectors.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.TestJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a provider's fixtures under {@code fixtures/<type>/} and derives the malformed variants the suite sends. */
public final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String type;

    public Fixtures(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }

    /** {@code <name>.response.json} as bytes. */
    public byte[] response(String name) {
        return TestJobs.fixture(type, name + ".response.json");
    }

    /** {@code <name>.request.json} parsed. */
    public JsonNode request(String name) {
        return parse(TestJobs.fixture(type, name + ".request.json"));
    }

    /** {@code <name>.headers.json} as a header map, empty when the file does not exist. */
    public Map<String, List<String>> headers(String name) {
        String path = "/fixtures/" + type + "/" + name + ".headers.json";
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            JSON.readTree(in)
                    .fields()
                    .forEachRemaining(
                            e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
            return headers;
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    /** Whether {@code <name>.response.json} parses as JSON. */
    public boolean isJson(String name) {
        try {
            JSON.readTree(response(name));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code json} parsed; fails the test when it is not JSON. */
    public static JsonNode parseText(String json) {
        return parse(json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code body} with an unknown field added to every object in it, to check lenient parsing. */
    public static byte[] withUnknownFields(byte[] body) {
        JsonNode root = parse(body);
        addUnknown(root);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addUnknown(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                addUnknown(it.next());
            }
            ((ObjectNode) node).putObject("x_roocode_unknown").put("future", 1);
        } else if (node.isArray()) {
            node.forEach(Fixtures::addUnknown);
        }
    }

    /** The first half of {@code body}: what a connection cut mid-answer leaves. */
    public static byte[] truncated(byte[] body) {
        byte[] half = new byte[body.length / 2];
        System.arraycopy(body, 0, half, 0, half.length);
        return half;
    }
}
