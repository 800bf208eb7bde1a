package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Compares the simulator's answers with real OpenAI responses field by field: every JSON path and its type
 * must be the same, so a client written against OpenAI parses the simulator without special cases.
 */
@ExtendWith(SimulatorExtension.class)
class OpenAiFixtureShapeTest {

    private final SimClient client;

    OpenAiFixtureShapeTest(ProviderSimulator simulator) {
        this.client = new SimClient(simulator);
    }

    @Test
    void shouldAnswerChatInTheShapeOfTheSpecExample() throws Exception {
        JsonNode answer = SimClient.json(client.chat("gpt-5.4", "shape-chat"));

        assertThat(shape(answer)).isEqualTo(shape(fixture("chat-default.response.json")));
    }

    @Test
    void shouldAnswerEmbeddingsInTheShapeOfTheSpecExample() throws Exception {
        JsonNode answer = SimClient.json(client.post(
                "/v1/embeddings", "{\"model\":\"text-embedding-ada-002\",\"input\":\"The food was delicious\"}", null));

        assertThat(shape(answer)).isEqualTo(shape(fixture("embeddings.response.json")));
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = OpenAiFixtureShapeTest.class.getResourceAsStream("/fixtures/openai/" + name)) {
            return SimClient.JSON.readTree(in);
        }
    }

    /** JSON path → node type; an array contributes its first element's shape under {@code path[]}. */
    private static Map<String, String> shape(JsonNode node) {
        Map<String, String> shape = new TreeMap<>();
        collect("$", node, shape);
        return shape;
    }

    private static void collect(String path, JsonNode node, Map<String, String> shape) {
        shape.put(
                path,
                node.isIntegralNumber() ? "integer" : node.getNodeType().name().toLowerCase());
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(path + "." + field.getKey(), field.getValue(), shape);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            collect(path + "[]", node.get(0), shape);
        }
    }
}
