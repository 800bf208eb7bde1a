package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AzureOpenAiWireFormatTest extends KeyedSimulatorTest {

    private static final String CHAT = "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Hello there\"}]}";

    private HttpResponse<String> chat(String deployment, String... headers) throws Exception {
        return client.post(
                "/openai/deployments/" + deployment + "/chat/completions?api-version=2024-10-21",
                CHAT,
                null,
                headers.length == 0 ? new String[] {"api-key", KEY} : headers);
    }

    @Test
    void shouldAnswerChatInOpenAiShapeWithTheDeploymentAsModel() throws Exception {
        HttpResponse<String> response = chat("gpt-4o-prod");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("apim-request-id")).isPresent();
        JsonNode body = SimClient.json(response);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-prod");
        assertThat(body.get("choices").get(0).get("message").get("content").asText())
                .isEqualTo("Simulated reply to: Hello there");
        assertThat(body.get("usage").get("prompt_tokens").asLong()).isEqualTo(5);
        assertThat(body.get("usage").get("completion_tokens").asLong()).isEqualTo(7);
    }

    @Test
    void shouldAcceptAnEntraBearerTokenAndEmbed() throws Exception {
        HttpResponse<String> response = client.post(
                "/openai/deployments/embed-small/embeddings?api-version=2024-10-21",
                "{\"input\":[\"a\",\"b\"]}",
                null,
                "Authorization",
                "Bearer " + KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("data")).hasSize(2);
        assertThat(body.get("model").asText()).isEqualTo("embed-small");
        assertThat(body.get("usage").get("prompt_tokens").asLong()).isEqualTo(2);
    }

    @Test
    void shouldReadDirectivesFromTheDeploymentName() throws Exception {
        HttpResponse<String> response = chat("sim-down");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(SimClient.json(response).get("error").get("code").asText()).isEqualTo("ServiceUnavailable");
    }

    @Test
    void shouldAnswer401AccessDeniedForAWrongKey() throws Exception {
        HttpResponse<String> response = chat("gpt-4o-prod", "api-key", "not-the-key");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = SimClient.json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("401");
        assertThat(error.get("message").asText()).startsWith("Access denied due to invalid subscription key");
        assertThat(response.body()).doesNotContain("not-the-key");
    }

    @Test
    void shouldAnswer404ResourceNotFoundWithoutApiVersion() throws Exception {
        HttpResponse<String> response =
                client.post("/openai/deployments/gpt-4o-prod/chat/completions", CHAT, null, "api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(SimClient.json(response).get("error").get("code").asText()).isEqualTo("404");
        assertThat(SimClient.json(response).get("error").get("message").asText())
                .isEqualTo("Resource not found");
    }

    @Test
    void shouldAnswer400ForABodyWithoutMessages() throws Exception {
        HttpResponse<String> response = client.post(
                "/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21", "{}", null, "api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = SimClient.json(response).get("error");
        assertThat(error.get("param").asText()).isEqualTo("messages");
        assertThat(error.get("code").asText()).isEqualTo("missing_required_parameter");
    }

    @Test
    void shouldAnswer429WithRemainingAndRetryAfterHeadersUnderRpm() throws Exception {
        HttpResponse<String> first = chat("sim-rpm-1");
        CLOCK.advance(Duration.ofSeconds(30));

        HttpResponse<String> refused = chat("sim-rpm-1");

        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(SimClient.json(refused).get("error").get("code").asText()).isEqualTo("429");
        assertThat(refused.headers().firstValue("retry-after")).hasValue("30");
        assertThat(refused.headers().firstValue("retry-after-ms")).hasValue("30000");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(refused.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
    }
}
