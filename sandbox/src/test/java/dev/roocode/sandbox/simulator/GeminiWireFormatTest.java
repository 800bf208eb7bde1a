package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.sandbox.junit.SpecSchemas;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GeminiWireFormatTest extends KeyedSimulatorTest {

    private static final String CHAT = "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
            + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello there\"}]}],"
            + "\"generationConfig\":{\"temperature\":0.2,\"maxOutputTokens\":256}}";

    private HttpResponse<String> generate(String model, String body) throws Exception {
        return client.post("/v1beta/models/" + model + ":generateContent", body, null, "x-goog-api-key", KEY);
    }

    @Test
    void shouldAnswerGenerateContentWithACandidateAndUsageMetadata() throws Exception {
        HttpResponse<String> response = generate("gemini-2.0-flash", CHAT);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        JsonNode candidate = body.get("candidates").get(0);
        assertThat(candidate.get("content").get("role").asText()).isEqualTo("model");
        assertThat(candidate.get("content").get("parts").get(0).get("text").asText())
                .isEqualTo("Simulated reply to: Hello there");
        assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
        assertThat(candidate.get("index").asInt()).isZero();
        JsonNode usage = body.get("usageMetadata");
        assertThat(usage.get("promptTokenCount").asLong()).isEqualTo(5);
        assertThat(usage.get("candidatesTokenCount").asLong()).isEqualTo(7);
        assertThat(usage.get("totalTokenCount").asLong()).isEqualTo(12);
        assertThat(body.get("modelVersion").asText()).isEqualTo("gemini-2.0-flash");
        assertThat(SpecSchemas.violations("gemini-openapi.json", "GenerateContentResponse", body))
                .isEmpty();
    }

    @Test
    void shouldAcceptTheKeyAsAQueryParameterAndSayMaxTokensWhenCut() throws Exception {
        HttpResponse<String> response = client.post(
                "/v1beta/models/gemini-2.0-flash:generateContent?key=" + KEY, CHAT.replace("256", "2"), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimClient.json(response)
                        .get("candidates")
                        .get(0)
                        .get("finishReason")
                        .asText())
                .isEqualTo("MAX_TOKENS");
    }

    @Test
    void shouldEmbedABatchWithoutUsage() throws Exception {
        String body =
                "{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"one\"}]},"
                        + "\"taskType\":\"RETRIEVAL_DOCUMENT\",\"outputDimensionality\":8},"
                        + "{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"two\"}]},\"outputDimensionality\":8}]}";

        HttpResponse<String> response =
                client.post("/v1beta/models/text-embedding-004:batchEmbedContents", body, null, "x-goog-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = SimClient.json(response);
        assertThat(answer.get("embeddings")).hasSize(2);
        assertThat(answer.get("embeddings").get(0).get("values")).hasSize(8);
        assertThat(answer.has("usageMetadata")).isFalse();
        assertThat(SpecSchemas.violations("gemini-openapi.json", "BatchEmbedContentsResponse", answer))
                .isEmpty();
    }

    @Test
    void shouldAnswer400ApiKeyNotValidForAWrongKeyAnd403ForNone() throws Exception {
        HttpResponse<String> wrong = client.post(
                "/v1beta/models/gemini-2.0-flash:generateContent", CHAT, null, "x-goog-api-key", "AIza-wrong");
        HttpResponse<String> none = client.post("/v1beta/models/gemini-2.0-flash:generateContent", CHAT, null);

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertError(wrong, 400, "INVALID_ARGUMENT");
        assertThat(SimClient.json(wrong).get("error").get("message").asText()).contains("API key not valid");
        assertThat(wrong.body()).doesNotContain("AIza-wrong");
        assertThat(none.statusCode()).isEqualTo(403);
        assertError(none, 403, "PERMISSION_DENIED");
    }

    @Test
    void shouldAnswer400InvalidArgumentWithoutContents() throws Exception {
        HttpResponse<String> response = generate("gemini-2.0-flash", "{\"generationConfig\":{}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertError(response, 400, "INVALID_ARGUMENT");
    }

    @Test
    void shouldAnswer429ResourceExhaustedWithRetryInfoUnderRpm() throws Exception {
        assertThat(generate("sim-rpm-1", CHAT).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(20));

        HttpResponse<String> refused = generate("sim-rpm-1", CHAT);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertError(refused, 429, "RESOURCE_EXHAUSTED");
        JsonNode detail = SimClient.json(refused).get("error").get("details").get(0);
        assertThat(detail.get("@type").asText()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
        assertThat(detail.get("retryDelay").asText()).isEqualTo("40s");
    }

    @Test
    void shouldAnswer503UnavailableForDown() throws Exception {
        HttpResponse<String> response = generate("sim-down", CHAT);

        assertThat(response.statusCode()).isEqualTo(503);
        assertError(response, 503, "UNAVAILABLE");
    }

    private static void assertError(HttpResponse<String> response, int code, String status) {
        JsonNode error = SimClient.json(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("status").asText()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
