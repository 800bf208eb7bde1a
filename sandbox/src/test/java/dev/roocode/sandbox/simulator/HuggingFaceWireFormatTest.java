package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.sandbox.junit.SpecSchemas;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HuggingFaceWireFormatTest extends KeyedSimulatorTest {

    @BeforeEach
    void bearer() {
        client.apiKey(KEY);
    }

    private HttpResponse<String> chat(String endpoint) throws Exception {
        return client.post("/hf/" + endpoint + "/v1/chat/completions", SimClient.chatBody("tgi", "Hello there"), null);
    }

    @Test
    void shouldAnswerTgiChatCompletionsWithSystemFingerprintAndUsage() throws Exception {
        HttpResponse<String> response = chat("llama-endpoint");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("model").asText()).isEqualTo("llama-endpoint");
        assertThat(body.get("system_fingerprint").asText()).isNotBlank();
        JsonNode message = body.get("choices").get(0).get("message");
        assertThat(message.get("content").asText()).isEqualTo("Simulated reply to: Hello there");
        assertThat(message.get("tool_calls").isNull()).isTrue();
        assertThat(body.get("usage").get("prompt_tokens").asLong()).isEqualTo(5);
        assertThat(body.get("usage").get("completion_tokens").asLong()).isEqualTo(7);
        assertThat(SpecSchemas.violations("tgi-openapi.json", "ChatCompletion", body))
                .isEmpty();
    }

    @Test
    void shouldAnswerFeatureExtractionWithRawVectorsAtTheRootAndAtEmbed() throws Exception {
        HttpResponse<String> root = client.post("/hf/bge-small", "{\"inputs\":\"hello\"}", null);
        HttpResponse<String> embed = client.post("/hf/bge-small/embed", "{\"inputs\":[\"hello\",\"world\"]}", null);

        assertThat(root.statusCode()).isEqualTo(200);
        JsonNode one = SimClient.json(root);
        assertThat(one.isArray()).isTrue();
        assertThat(one).hasSize(1);
        assertThat(one.get(0)).hasSize(16);
        JsonNode two = SimClient.json(embed);
        assertThat(two).hasSize(2);
        assertThat(two.get(0)).isEqualTo(one.get(0));
    }

    @Test
    void shouldAnswer401WithTgiErrorBodyForAWrongToken() throws Exception {
        HttpResponse<String> response = new SimClient(SIM.simulator())
                .apiKey("hf_wrong")
                .post("/hf/bge-small/embed", "{\"inputs\":\"x\"}", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertError(response, "authentication");
        assertThat(SpecSchemas.violations("tgi-openapi.json", "ErrorResponse", SimClient.json(response)))
                .isEmpty();
    }

    @Test
    void shouldAnswer422ValidationWithoutInputs() throws Exception {
        HttpResponse<String> response = client.post("/hf/bge-small/embed", "{}", null);

        assertThat(response.statusCode()).isEqualTo(422);
        assertError(response, "validation");
    }

    @Test
    void shouldAnswer429WithRateLimitHeadersUnderRpm() throws Exception {
        HttpResponse<String> first = chat("sim-rpm-1");
        CLOCK.advance(Duration.ofSeconds(50));

        HttpResponse<String> refused = chat("sim-rpm-1");

        assertThat(first.headers().firstValue("ratelimit")).hasValue("\"api\";r=0;t=60");
        assertThat(first.headers().firstValue("ratelimit-policy")).hasValue("\"fixed window\";\"api\";q=1");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertError(refused, "overloaded");
        assertThat(refused.headers().firstValue("retry-after")).hasValue("10");
        assertThat(refused.headers().firstValue("ratelimit")).hasValue("\"api\";r=0;t=10");
    }

    @Test
    void shouldAnswer503ForDown() throws Exception {
        HttpResponse<String> response = client.post("/hf/sim-down/embed", "{\"inputs\":\"x\"}", null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertError(response, "overloaded");
    }

    private static void assertError(HttpResponse<String> response, String type) {
        JsonNode body = SimClient.json(response);
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("error_type").asText()).isEqualTo(type);
    }
}
