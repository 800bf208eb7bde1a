package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CohereWireFormatTest extends KeyedSimulatorTest {

    private static final String CHAT = "{\"model\":\"%s\",\"max_tokens\":256,\"messages\":["
            + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}]}]}";

    @BeforeEach
    void bearer() {
        client.apiKey(KEY);
    }

    @Test
    void shouldAnswerChatWithContentBlocksAndBilledUnits() throws Exception {
        HttpResponse<String> response = client.post("/v2/chat", CHAT.formatted("command-a-03-2025"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("id").asText()).isNotBlank();
        assertThat(body.get("finish_reason").asText()).isEqualTo("COMPLETE");
        assertThat(body.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("message").get("content").get(0).get("type").asText())
                .isEqualTo("text");
        assertThat(body.get("message").get("content").get(0).get("text").asText())
                .isEqualTo("Simulated reply to: Hello there");
        for (String usage : new String[] {"billed_units", "tokens"}) {
            assertThat(body.get("usage").get(usage).get("input_tokens").asLong())
                    .isEqualTo(5);
            assertThat(body.get("usage").get(usage).get("output_tokens").asLong())
                    .isEqualTo(7);
        }
    }

    @Test
    void shouldEmbedFloatsByTypeWithBilledInputTokens() throws Exception {
        HttpResponse<String> response = client.post(
                "/v2/embed",
                "{\"model\":\"embed-v4.0\",\"texts\":[\"hello\",\"goodbye\"],"
                        + "\"input_type\":\"search_document\",\"embedding_types\":[\"float\"]}",
                null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("embeddings").get("float")).hasSize(2);
        assertThat(body.get("embeddings").get("float").get(0)).hasSize(16);
        assertThat(body.get("texts").get(1).asText()).isEqualTo("goodbye");
        assertThat(body.get("meta").get("billed_units").get("input_tokens").asLong())
                .isEqualTo(2);
    }

    @Test
    void shouldAnswer400WhenEmbedLacksInputType() throws Exception {
        HttpResponse<String> response = client.post("/v2/embed", "{\"model\":\"embed-v4.0\",\"texts\":[\"x\"]}", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(response).get("message").asText()).contains("input_type");
    }

    @Test
    void shouldAnswer401WithAMessageForAWrongToken() throws Exception {
        HttpResponse<String> response = new SimClient(SIM.simulator())
                .apiKey("co-wrong")
                .post("/v2/chat", CHAT.formatted("command-a-03-2025"), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(SimClient.json(response).get("message").asText()).isEqualTo("invalid api token");
    }

    @Test
    void shouldAnswer429WithTrialCallHeadersUnderRpm() throws Exception {
        HttpResponse<String> first = client.post("/v2/chat", CHAT.formatted("sim-rpm-1"), null);
        HttpResponse<String> refused = client.post("/v2/chat", CHAT.formatted("sim-rpm-1"), null);

        assertThat(first.headers().firstValue("x-trial-endpoint-call-limit")).hasValue("1");
        assertThat(first.headers().firstValue("x-trial-endpoint-call-remaining"))
                .hasValue("0");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(SimClient.json(refused).get("message").asText()).isNotBlank();
        assertThat(refused.headers().firstValue("x-trial-endpoint-call-remaining"))
                .hasValue("0");
    }

    @Test
    void shouldAnswer503ForDown() throws Exception {
        HttpResponse<String> response = client.post("/v2/chat", CHAT.formatted("sim-down"), null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(SimClient.json(response).get("message").asText()).isNotBlank();
    }
}
