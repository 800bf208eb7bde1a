package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Base64;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SimulatorExtension.class)
class OpenAiResponsesTest {

    private final SimClient client;

    OpenAiResponsesTest(ProviderSimulator simulator) {
        this.client = new SimClient(simulator);
    }

    @Test
    void shouldAnswerChatWithDeterministicReplyAndUsage() throws Exception {
        HttpResponse<String> response = client.chat("gpt-4o-mini", "job-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonNode body = SimClient.json(response);
        assertThat(body.get("id").asText()).startsWith("chatcmpl-sim-");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Simulated reply to: Hello there");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        // "Be brief." + "Hello there" = 20 characters -> 5 tokens; the reply's 31 characters -> 7 tokens
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(5);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(7);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(12);
    }

    @Test
    void shouldMatchTheRequiredShapeOfCreateChatCompletionResponse() throws Exception {
        JsonNode body = SimClient.json(client.chat("sim", "job-shape"));

        // required by openai-openapi.yaml: CreateChatCompletionResponse, its choices items,
        // ChatCompletionResponseMessage and CompletionUsage
        assertThat(body.fieldNames()).toIterable().contains("choices", "created", "id", "model", "object");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("id").isTextual()).isTrue();
        assertThat(body.get("created").isIntegralNumber()).isTrue();
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.fieldNames()).toIterable().contains("finish_reason", "index", "message", "logprobs");
        assertThat(choice.get("index").isInt()).isTrue();
        assertThat(choice.get("finish_reason").asText())
                .isIn("stop", "length", "tool_calls", "content_filter", "function_call");
        assertThat(choice.get("logprobs").isNull()).isTrue();
        JsonNode message = choice.get("message");
        assertThat(message.fieldNames()).toIterable().contains("role", "content", "refusal");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("refusal").isNull()).isTrue();
        assertThat(body.get("usage").fieldNames())
                .toIterable()
                .contains("prompt_tokens", "completion_tokens", "total_tokens");
    }

    @Test
    void shouldTruncateTheReplyAndSayLengthWhenMaxTokensIsSmaller() throws Exception {
        String request = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Summarise this\"}]}]}";

        JsonNode body = SimClient.json(client.post("/v1/chat/completions", request, "job-len"));

        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Simulate"); // 2 tokens = 8 characters
        assertThat(body.get("usage").get("completion_tokens").asLong()).isEqualTo(2);
    }

    @Test
    void shouldAnswerEmbeddingsWithNormalisedDeterministicVectors() throws Exception {
        String request =
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"first text\",\"second text\"],\"dimensions\":8}";

        HttpResponse<String> response = client.post("/v1/embeddings", request, "job-emb");
        JsonNode again = SimClient.json(client.post("/v1/embeddings", request, "job-emb-2"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.fieldNames()).toIterable().contains("object", "model", "data", "usage");
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(body.get("data")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode item = body.get("data").get(i);
            assertThat(item.get("object").asText()).isEqualTo("embedding");
            assertThat(item.get("index").asInt()).isEqualTo(i);
            assertThat(item.get("embedding")).hasSize(8);
            double sumOfSquares = 0;
            for (JsonNode value : item.get("embedding")) {
                sumOfSquares += value.asDouble() * value.asDouble();
            }
            assertThat(sumOfSquares).isCloseTo(1.0, Offset.offset(1e-5));
        }
        assertThat(body.get("data").get(0).get("embedding"))
                .isNotEqualTo(body.get("data").get(1).get("embedding"));
        assertThat(again.get("data")).isEqualTo(body.get("data"));
        assertThat(body.get("usage").get("prompt_tokens").asLong()).isEqualTo(4);
        assertThat(body.get("usage").get("total_tokens").asLong()).isEqualTo(4);
    }

    @Test
    void shouldEmbedAStringInputWithSixteenDimensionsByDefault() throws Exception {
        JsonNode body = SimClient.json(
                client.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}", null));

        assertThat(body.get("data")).hasSize(1);
        assertThat(body.get("data").get(0).get("embedding")).hasSize(16);
    }

    @Test
    void shouldEncodeTheSameVectorAsLittleEndianFloatsForBase64() throws Exception {
        String floats = "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\",\"dimensions\":4}";
        String base64 = floats.replace("}", ",\"encoding_format\":\"base64\"}");

        JsonNode plain = SimClient.json(client.post("/v1/embeddings", floats, null))
                .get("data")
                .get(0)
                .get("embedding");
        String encoded = SimClient.json(client.post("/v1/embeddings", base64, null))
                .get("data")
                .get(0)
                .get("embedding")
                .asText();

        FloatBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(encoded))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        assertThat(decoded.remaining()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(decoded.get(i)).isEqualTo(plain.get(i).floatValue());
        }
    }

    @Test
    void shouldAnswer400WithOpenAiErrorShapeForInvalidJson() throws Exception {
        HttpResponse<String> response = client.post("/v1/chat/completions", "{not json", "job-bad");

        assertThat(response.statusCode()).isEqualTo(400);
        assertOpenAiError(SimClient.json(response), "invalid_request_error");
    }

    @Test
    void shouldAnswer400WhenMessagesOrInputOrModelAreMissing() throws Exception {
        HttpResponse<String> noMessages = client.post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}", null);
        HttpResponse<String> noInput = client.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\"}", null);
        HttpResponse<String> noModel = client.post("/v1/embeddings", "{\"input\":\"x\"}", null);

        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(noMessages).get("error").get("param").asText())
                .isEqualTo("messages");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(noInput).get("error").get("param").asText()).isEqualTo("input");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(noModel).get("error").get("param").asText()).isEqualTo("model");
    }

    @Test
    void shouldAnswer400NamingTheTypoForAnUnknownDirective() throws Exception {
        HttpResponse<String> response = client.chat("sim-latency-200-jtter-50", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(response).get("error").get("message").asText())
                .contains("unknown directive 'jtter'", "jitter-<ms>");
    }

    @Test
    void shouldAnswer404ForAnUnknownPath() throws Exception {
        HttpResponse<String> response = client.post("/v1/completions", "{}", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertOpenAiError(SimClient.json(response), "invalid_request_error");
    }

    static void assertOpenAiError(JsonNode body, String type) {
        JsonNode error = body.get("error");
        assertThat(error.fieldNames()).toIterable().contains("message", "type", "param", "code");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo(type);
    }
}
