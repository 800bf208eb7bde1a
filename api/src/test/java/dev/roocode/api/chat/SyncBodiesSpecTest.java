package dev.roocode.api.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.Usage;
import dev.roocode.schemas.batch.BatchLineCodec;
import dev.roocode.schemas.batch.BatchOutputWriter;
import dev.roocode.schemas.batch.DecodedLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bodies the synchronous endpoints answer, checked against OpenAI's published schemas. */
class SyncBodiesSpecTest {
    private static final String SPEC = "openai-openapi.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private static final Usage USAGE = Usage.newBuilder()
            .setInputTokens(9)
            .setOutputTokens(4)
            .setTotalTokens(13)
            .build();

    /** The answer body for {@code body} sent to {@code url} when the provider answered {@code output}. */
    static JsonNode answer(String url, String body, ProviderOutput output) throws Exception {
        DecodedLine decoded = BatchLineCodec.decodeRequest(url, JSON.readTree(body), "api-1", Map.of(), NOW);
        assertThat(decoded).as("%s", decoded).isInstanceOf(DecodedLine.Valid.class);
        Job job = ((DecodedLine.Valid) decoded).job();
        Result result = Result.newBuilder()
                .setRequestId(job.getRequestId())
                .setStatus(ResultStatus.SUCCEEDED)
                .setKind(job.getKind())
                .setModel(job.getModel())
                .setProvider("sim")
                .setProviderModel(job.getModel())
                .setMetadata(job.getMetadata())
                .setOutput(output)
                .setSubmittedAt(NOW)
                .setCompletedAt(NOW.plusSeconds(1))
                .setLatencyMs(1000)
                .build();
        JsonNode sent = JSON.readTree(ChatEndpoints.answerBody(result));
        JsonNode inLine = JSON.readTree(BatchOutputWriter.toOutputLine(result)).at("/response/body");
        // the answer is the output line's body, bar the null system_fingerprint OpenAI's schema has no room for
        ((ObjectNode) inLine).remove("system_fingerprint");
        assertThat(sent).isEqualTo(inLine);
        return sent;
    }

    static ProviderOutput said(ChatMessage message, String finish) {
        return ProviderOutput.newBuilder()
                .setChoices(List.of(Choice.newBuilder()
                        .setIndex(0)
                        .setMessage(message)
                        .setFinishReason(finish)
                        .build()))
                .setUsage(USAGE)
                .build();
    }

    static ChatMessage text(String text) {
        return ChatMessage.newBuilder().setRole("assistant").setContent(text).build();
    }

    static ChatMessage toolCall() {
        return ChatMessage.newBuilder()
                .setRole("assistant")
                .setToolCallsJson("[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]")
                .build();
    }

    @Test
    void shouldAnswerChatCompletionsAsCreateChatCompletionResponse() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        JsonNode answer = answer(BatchLineCodec.CHAT_URL, body, said(text("Hello"), "stop"));
        assertThat(answer.get("object").asText()).isEqualTo("chat.completion");
        assertThat(SpecSchemas.violations(SPEC, "CreateChatCompletionResponse", answer))
                .isEmpty();
        assertThat(SpecSchemas.violations(
                        SPEC,
                        "CreateChatCompletionResponse",
                        answer(BatchLineCodec.CHAT_URL, body, said(toolCall(), "tool_calls"))))
                .isEmpty();
    }

    @Test
    void shouldAnswerEmbeddingsAsCreateEmbeddingResponse() throws Exception {
        ProviderOutput vectors = ProviderOutput.newBuilder()
                .setEmbeddings(List.of(Embedding.newBuilder()
                        .setIndex(0)
                        .setVector(List.of(0.1f, -0.2f))
                        .build()))
                .setUsage(USAGE)
                .build();
        JsonNode answer = answer(
                BatchLineCodec.EMBEDDINGS_URL, "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}", vectors);
        assertThat(answer.at("/data/0/embedding")).hasSize(2);
        assertThat(SpecSchemas.violations(SPEC, "CreateEmbeddingResponse", answer))
                .isEmpty();
    }

    @Test
    void shouldAnswerResponsesAsTheResponseObjectInEveryShapeItTakes() throws Exception {
        String plain = "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}";
        String structured = "{\"model\":\"gpt-4o-mini\",\"input\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"Ann is 31\"}]}],\"instructions\":\"Extract\","
                + "\"metadata\":{\"run\":\"7\"},\"temperature\":0.1,\"text\":{\"format\":{\"type\":\"json_schema\","
                + "\"name\":\"person\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"age\":"
                + "{\"type\":\"integer\"}},\"required\":[\"age\"],\"additionalProperties\":false}}}}";
        String tools = "{\"model\":\"gpt-4o-mini\",\"input\":\"Weather in Oslo?\",\"tool_choice\":\"auto\","
                + "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}},"
                + "\"strict\":false}],\"max_output_tokens\":100}";
        for (JsonNode answer : List.of(
                answer(BatchLineCodec.RESPONSES_URL, plain, said(text("Hello"), "stop")),
                answer(BatchLineCodec.RESPONSES_URL, structured, said(text("{\"age\":31}"), "stop")),
                answer(BatchLineCodec.RESPONSES_URL, tools, said(toolCall(), "tool_calls")),
                answer(BatchLineCodec.RESPONSES_URL, plain, said(text("Hel"), "length")))) {
            assertThat(answer.get("object").asText()).isEqualTo("response");
            assertThat(SpecSchemas.violations(SPEC, "Response", answer))
                    .as("%s", answer)
                    .isEmpty();
        }
    }
}
