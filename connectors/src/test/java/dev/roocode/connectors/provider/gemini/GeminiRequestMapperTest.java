package dev.roocode.connectors.provider.gemini;

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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiRequestMapperTest {
    private static final String TYPE = "gemini";
    private static final String MODEL = "gemini-2.5-flash";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "AIzaSy-test-secret-123456";

    private final GeminiAdapter adapter = new GeminiAdapter();
    private final ProviderConfig config = provider("gem", "https://generativelanguage.googleapis.com")
            .setType(TYPE)
            .build();

    static Job allFieldsJob() {
        return chatJob("r-1", "ignored")
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(
                                ChatMessage.newBuilder()
                                        .setRole("system")
                                        .setContent("You are terse.")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("developer")
                                        .setContent("Answer in English.")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("user")
                                        .setParts(List.of(
                                                ContentPart.newBuilder()
                                                        .setType("text")
                                                        .setText("What is in these images?")
                                                        .build(),
                                                ContentPart.newBuilder()
                                                        .setType("image_url")
                                                        .setImageUrl("data:image/png;base64,iVBORw0KGgo=")
                                                        .build(),
                                                ContentPart.newBuilder()
                                                        .setType("image_url")
                                                        .setImageUrl("https://example.com/cat.jpg")
                                                        .setDetail("high")
                                                        .build()))
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("assistant")
                                        .setContent("Let me look that up.")
                                        .setToolCallsJson(
                                                "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"cat\\\"}\"}},"
                                                        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"dog\\\"}\"}}]")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("tool")
                                        .setToolCallId("call_1")
                                        .setContent("a cat")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("tool")
                                        .setToolCallId("call_2")
                                        .setContent("{\"animal\":\"dog\"}")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("user")
                                        .setContent("Summarise.")
                                        .build()))
                        .setTemperature(0.2)
                        .setTopP(0.9)
                        .setMaxTokens(64)
                        .setStop(List.of("END"))
                        .setSeed(42L)
                        .setResponseFormatJson(
                                "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"summary\",\"strict\":true,\"schema\":"
                                        + "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}},\"required\":[\"summary\"],\"additionalProperties\":false}}}")
                        .setToolsJson(
                                "[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"Look a word up\",\"strict\":true,"
                                        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}}}]")
                        .setToolChoiceJson("\"auto\"")
                        .build())
                .setExtraBodyJson(
                        "{\"safetySettings\": [{\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"BLOCK_ONLY_HIGH\"}]}")
                .build();
    }

    @Test
    void shouldMapEveryChatFieldAndMergeExtraBodyLast() throws Exception {
        HttpCall call = adapter.toHttpCall(dispatched(allFieldsJob(), "gem", MODEL), config, KEY);

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri())
                .hasToString(
                        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree(fixture(TYPE, "chat-everything.request.json")));
    }

    @Test
    void shouldMapEmbeddingJobToBatchEmbedContents() throws Exception {
        Job job = embeddingJob("r-2", List.of("The food was delicious", "and the waiter..."))
                .build();
        job.getEmbedding().setDimensions(256);
        job.getEmbedding().setInputType("search_query");

        HttpCall call = adapter.toHttpCall(dispatched(job, "gem", "text-embedding-004"), config, KEY);

        assertThat(call.uri())
                .hasToString(
                        "https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree(fixture(TYPE, "embeddings-query.request.json")));
    }

    @Test
    void shouldSendTheKeyOnlyInItsHeader() {
        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-3", "hi").build(), "gem", MODEL), config, KEY);

        assertThat(call.headers())
                .containsEntry("x-goog-api-key", KEY)
                .containsEntry("X-Roocode-Request-Id", "r-3")
                .doesNotContainKey("Authorization");
        assertThat(call.uri().toString()).doesNotContain(KEY);
        assertThat(call.toString()).doesNotContain(KEY);
    }

    @Test
    void shouldHonourApiVersionEndpointsEndingInTheVersionAndTunedModels() {
        ProviderConfig v1 = provider("gem", "https://proxy.example.com/gemini/v1/")
                .setApiVersion("v1")
                .build();

        HttpCall call =
                adapter.toHttpCall(dispatched(chatJob("r-4", "hi").build(), "gem", "tunedModels/my-model-42"), v1, KEY);

        assertThat(call.uri())
                .hasToString("https://proxy.example.com/gemini/v1/tunedModels/my-model-42:generateContent");
    }

    @Test
    void shouldMapJsonObjectToJsonMimeTypeAndToolChoices() throws Exception {
        Job job = chatJob("r-5", "hi").build();
        job.getChat().setResponseFormatJson("{\"type\":\"json_object\"}");
        job.getChat().setToolsJson("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        job.getChat().setToolChoiceJson("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");

        JsonNode body = JSON.readTree(
                adapter.toHttpCall(dispatched(job, "gem", MODEL), config, KEY).body());

        assertThat(body.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(body.has("responseJsonSchema")).isFalse();
        assertThat(body.at("/toolConfig/functionCallingConfig"))
                .isEqualTo(JSON.readTree("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}"));
        assertThat(body.at("/tools/0/functionDeclarations/0/parametersJsonSchema"))
                .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{}}"));
    }

    @ParameterizedTest
    @CsvSource({
        "search_document, RETRIEVAL_DOCUMENT",
        "search_query, RETRIEVAL_QUERY",
        "classification, CLASSIFICATION",
        "clustering, CLUSTERING",
        "semantic_similarity, SEMANTIC_SIMILARITY",
        "CODE_RETRIEVAL_QUERY, CODE_RETRIEVAL_QUERY"
    })
    void shouldTranslateInputTypesToTaskTypes(String inputType, String taskType) {
        assertThat(GeminiRequestMapper.taskType(inputType)).isEqualTo(taskType);
    }

    @Test
    void shouldRejectUnknownInputTypeNamingTheField() {
        Job job = embeddingJob("r-6", List.of("a")).build();
        job.getEmbedding().setInputType("image");

        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job, "gem", "text-embedding-004"), config, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining("embedding.inputType");
    }

    @Test
    void shouldRejectWhatGeminiCannotHonourNamingTheField() {
        assertBadRequest(chat -> chat.getMessages().get(0).setName("alice"), "messages[0].name");
        assertBadRequest(chat -> chat.setSeed(1L << 40), "seed");
        assertBadRequest(chat -> chat.setToolsJson("[{\"type\":\"code_interpreter\"}]"), "toolsJson[0].type");
        assertBadRequest(
                chat -> chat.setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setParts(List.of(
                                ContentPart.newBuilder().setType("input_audio").build()))
                        .build())),
                "messages[0].parts[0]");
        assertBadRequest(
                chat -> chat.setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setParts(List.of(ContentPart.newBuilder()
                                .setType("image_url")
                                .setImageUrl("file:///etc/passwd")
                                .build()))
                        .build())),
                "http(s)");
    }

    @Test
    void shouldRejectToolResultThatAnswersNoCall() {
        Job job = chatJob("r-7", "hi").build();
        job.getChat()
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("tool")
                        .setToolCallId("call_9")
                        .setContent("x")
                        .build()));

        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job, "gem", MODEL), config, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB))
                .hasMessageContaining("call_9");
    }

    @Test
    void shouldRejectModelNamesThatWouldBreakThePath() {
        assertThatThrownBy(() -> adapter.toHttpCall(
                        dispatched(chatJob("r-8", "hi").build(), "gem", "../admin?x=1"), config, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
    }

    private void assertBadRequest(Consumer<ChatRequest> change, String field) {
        Job job = chatJob("r-x", "hi").build();
        change.accept(job.getChat());
        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job, "gem", MODEL), config, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining(field)
                .hasMessageNotContaining(KEY);
    }
}
