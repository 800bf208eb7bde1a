package dev.roocode.connectors.provider.openaicompatible;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.embeddingJob;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleRequestMapperTest {
    private static final String TYPE = "openai-compatible";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-secret-123456";

    private final OpenAiCompatibleAdapter adapter = new OpenAiCompatibleAdapter();
    private final ProviderConfig config = provider("tgi", "http://localhost:8080/").build();

    @Test
    void shouldMapEveryChatFieldAndMergeExtraBodyLast() throws Exception {
        Job job = chatJob("r-1", "ignored").setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(
                                ChatMessage.newBuilder().setRole("system").setContent("You are terse.").build(),
                                ChatMessage.newBuilder().setRole("user").setName("alice").setParts(List.of(
                                        ContentPart.newBuilder().setType("text").setText("What is in this image?").build(),
                                        ContentPart.newBuilder().setType("image_url").setImageUrl("https://example.com/cat.png").setDetail("low").build())).build(),
                                ChatMessage.newBuilder().setRole("assistant").setToolCallsJson(
                                        "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"cat\\\"}\"}}]").build(),
                                ChatMessage.newBuilder().setRole("tool").setToolCallId("call_1").setContent("a cat").build()))
                        .setTemperature(0.2)
                        .setTopP(0.9)
                        .setMaxTokens(64)
                        .setStop(List.of("\n\n", "END"))
                        .setSeed(42L)
                        .setResponseFormatJson("{\"type\":\"json_object\"}")
                        .setToolsJson("[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}]")
                        .setToolChoiceJson("\"auto\"")
                        .build())
                .setExtraBodyJson("{\"repetition_penalty\": 1.1, \"top_k\": 40, \"temperature\": 0.2}")
                .build();

        HttpCall call = adapter.toHttpCall(dispatched(job, "tgi", "meta-llama/Llama-3.1-8B-Instruct"), config, KEY);

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri()).hasToString("http://localhost:8080/v1/chat/completions");
        assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree(fixture(TYPE, "chat-all-fields.request.json")));
    }

    @Test
    void shouldMapEmbeddingJob() throws Exception {
        Job job = embeddingJob("r-2", List.of("The food was delicious", "and the waiter...")).build();
        job.getEmbedding().setDimensions(256);

        HttpCall call = adapter.toHttpCall(dispatched(job, "oai", "text-embedding-3-small"), config, null);

        assertThat(call.uri()).hasToString("http://localhost:8080/v1/embeddings");
        assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree(fixture(TYPE, "embeddings.request.json")));
    }

    @Test
    void shouldSendBearerKeyAndRequestIdHeader() {
        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-3", "hi").build()), config, KEY);

        assertThat(call.headers())
                .containsEntry("Authorization", "Bearer " + KEY)
                .containsEntry("X-Roocode-Request-Id", "r-3")
                .containsEntry("Content-Type", "application/json");
        assertThat(call.toString()).doesNotContain(KEY).contains("r-3");
    }

    @Test
    void shouldSendNoAuthorizationWithoutKey() {
        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-4", "hi").build()), config, null);

        assertThat(call.headers()).doesNotContainKey("Authorization").containsEntry("X-Roocode-Request-Id", "r-4");
    }

    @Test
    void shouldNotDoubleV1WhenEndpointAlreadyHasIt() {
        ProviderConfig openRouter = provider("or", "https://openrouter.ai/api/v1").build();

        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-5", "hi").build()), openRouter, KEY);

        assertThat(call.uri()).hasToString("https://openrouter.ai/api/v1/chat/completions");
    }

    @Test
    void shouldRejectInvalidToolsJsonAsInvalidJobWithoutTheKey() {
        Job job = chatJob("r-6", "hi").build();
        job.getChat().setToolsJson("[{not json");

        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job), config, KEY))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB))
                .hasMessageContaining("toolsJson")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void shouldRejectExtraBodyThatIsNotAnObject() {
        Job job = chatJob("r-7", "hi").setExtraBodyJson("[1]").build();

        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job), config, null))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB));
    }

    @Test
    void shouldUseAssignmentModelNotLogicalModel() throws Exception {
        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-8", "hi").build(), "p", "org/model-7b"), config, null);

        JsonNode body = JSON.readTree(call.body());
        assertThat(body.get("model").asText()).isEqualTo("org/model-7b");
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("hi");
    }
}
