package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthenticationTest {

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.configured(builder -> builder.apiKey("sk-test-key"));

    @Test
    void shouldAnswer401InvalidApiKeyWhenTheKeyIsMissing() throws Exception {
        HttpResponse<String> response = new SimClient(SIM.simulator()).chat("gpt-4o-mini", "job-a");

        assertThat(response.statusCode()).isEqualTo(401);
        assertInvalidApiKey(SimClient.json(response));
    }

    @Test
    void shouldAnswer401InvalidApiKeyWhenTheKeyIsWrong() throws Exception {
        HttpResponse<String> response =
                new SimClient(SIM.simulator()).apiKey("sk-wrong").chat("gpt-4o-mini", "job-b");

        assertThat(response.statusCode()).isEqualTo(401);
        assertInvalidApiKey(SimClient.json(response));
        assertThat(response.body()).doesNotContain("sk-wrong");
    }

    @Test
    void shouldAnswerWhenTheBearerKeyMatches() throws Exception {
        HttpResponse<String> response =
                new SimClient(SIM.simulator()).apiKey("sk-test-key").chat("gpt-4o-mini", "job-c");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static void assertInvalidApiKey(JsonNode body) {
        JsonNode error = body.get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
