package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.sandbox.junit.SpecSchemas;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicWireFormatTest extends KeyedSimulatorTest {

    static String body(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":256,\"system\":\"Be brief.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}]}]}";
    }

    private HttpResponse<String> messages(String body, String... headers) throws Exception {
        return client.post("/v1/messages", body, null, headers);
    }

    private HttpResponse<String> messages(String body) throws Exception {
        return messages(body, "x-api-key", KEY, "anthropic-version", "2023-06-01");
    }

    @Test
    void shouldAnswerAMessageWithTextContentAndUsage() throws Exception {
        HttpResponse<String> response = messages(body("claude-sonnet-4-5"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonNode message = SimClient.json(response);
        assertThat(message.get("id").asText()).startsWith("msg_");
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.get("content").get(0).get("type").asText()).isEqualTo("text");
        assertThat(message.get("content").get(0).get("text").asText()).isEqualTo("Simulated reply to: Hello there");
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.get("stop_sequence").isNull()).isTrue();
        // "Be brief." + "Hello there" = 20 characters -> 5 tokens; the reply's 31 characters -> 7 tokens
        assertThat(message.get("usage").get("input_tokens").asLong()).isEqualTo(5);
        assertThat(message.get("usage").get("output_tokens").asLong()).isEqualTo(7);
    }

    @Test
    void shouldMatchTheMessageSchemaOfTheAnthropicSpec() throws Exception {
        JsonNode message = SimClient.json(messages(body("claude-haiku-4-5")));

        assertThat(SpecSchemas.violations("anthropic-openapi.json", "Message", message))
                .isEmpty();
    }

    @Test
    void shouldSayMaxTokensWhenTheReplyIsCut() throws Exception {
        JsonNode message = SimClient.json(messages(body("claude-haiku-4-5").replace("256", "2")));

        assertThat(message.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(message.get("usage").get("output_tokens").asLong()).isEqualTo(2);
    }

    @Test
    void shouldAnswer401AuthenticationErrorForAMissingOrWrongKey() throws Exception {
        HttpResponse<String> missing = messages(body("claude-haiku-4-5"), "anthropic-version", "2023-06-01");
        HttpResponse<String> wrong =
                messages(body("claude-haiku-4-5"), "x-api-key", "sk-ant-wrong", "anthropic-version", "2023-06-01");
        HttpResponse<String> bearer =
                messages(body("claude-haiku-4-5"), "Authorization", "Bearer " + KEY, "anthropic-version", "2023-06-01");

        for (HttpResponse<String> response : List.of(missing, wrong, bearer)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertError(response, "authentication_error");
        }
        assertThat(wrong.body()).doesNotContain("sk-ant-wrong");
        assertThat(SpecSchemas.violations("anthropic-openapi.json", "ErrorResponse", SimClient.json(wrong)))
                .isEmpty();
    }

    @Test
    void shouldAnswer400WhenAnthropicVersionOrMaxTokensIsMissing() throws Exception {
        HttpResponse<String> noVersion = messages(body("claude-haiku-4-5"), "x-api-key", KEY);
        HttpResponse<String> noMaxTokens = messages(body("claude-haiku-4-5").replace("\"max_tokens\":256,", ""));

        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertError(noVersion, "invalid_request_error");
        assertThat(SimClient.json(noVersion).get("error").get("message").asText())
                .contains("anthropic-version");
        assertThat(noMaxTokens.statusCode()).isEqualTo(400);
        assertError(noMaxTokens, "invalid_request_error");
        assertThat(SimClient.json(noMaxTokens).get("error").get("message").asText())
                .contains("max_tokens");
    }

    @Test
    void shouldAnswer429WithAnthropicRateLimitHeadersUnderRpm() throws Exception {
        HttpResponse<String> first = messages(body("sim-rpm-2"));
        HttpResponse<String> second = messages(body("sim-rpm-2"));
        CLOCK.advance(Duration.ofSeconds(15));

        HttpResponse<String> refused = messages(body("sim-rpm-2"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-limit"))
                .hasValue("2");
        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-remaining"))
                .hasValue("1");
        assertThat(second.headers().firstValue("anthropic-ratelimit-requests-remaining"))
                .hasValue("0");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertError(refused, "rate_limit_error");
        assertThat(refused.headers().firstValue("retry-after")).hasValue("45");
        assertThat(refused.headers().firstValue("anthropic-ratelimit-requests-remaining"))
                .hasValue("0");
        // the window opened at the first call; MutableClock starts at 2026-01-01T00:00:00Z
        assertThat(refused.headers().firstValue("anthropic-ratelimit-requests-reset"))
                .hasValue("2026-01-01T00:01:00Z");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests"))
                .isEmpty();
    }

    @Test
    void shouldAnswer529OverloadedErrorForDown() throws Exception {
        HttpResponse<String> response = messages(body("sim-down"));

        assertThat(response.statusCode()).isEqualTo(529);
        assertError(response, "overloaded_error");
    }

    @Test
    void shouldAnswer404NotFoundErrorOutsideMessages() throws Exception {
        HttpResponse<String> response = client.post("/v1/messages/embeddings", "{}", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertError(response, "not_found_error");
    }

    private static void assertError(HttpResponse<String> response, String type) {
        JsonNode body = SimClient.json(response);
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo(type);
        assertThat(body.get("error").get("message").asText()).isNotBlank();
    }
}
