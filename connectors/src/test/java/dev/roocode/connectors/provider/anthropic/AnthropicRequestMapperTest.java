package dev.roocode.connectors.provider.anthropic;

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
import dev.roocode.core.provider.JobField;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AnthropicRequestMapperTest {
    private static final String TYPE = "anthropic";
    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-ant-api03-test-secret-123456";

    private final AnthropicAdapter adapter = new AnthropicAdapter();
    private final ProviderConfig config =
            provider("claude", "https://api.anthropic.com").setType(TYPE).build();

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
                                                        .setDetail("low")
                                                        .build()))
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("assistant")
                                        .setContent("Let me look that up.")
                                        .setToolCallsJson(
                                                "[{\"id\":\"toolu_01\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"cat\\\"}\"}},"
                                                        + "{\"id\":\"toolu_02\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"dog\\\"}\"}}]")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("tool")
                                        .setToolCallId("toolu_01")
                                        .setContent("a cat")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("tool")
                                        .setToolCallId("toolu_02")
                                        .setContent("a dog")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("user")
                                        .setContent("Summarise.")
                                        .build()))
                        .setTemperature(0.2)
                        .setTopP(0.9)
                        .setMaxTokens(64)
                        .setStop(List.of("\n\nHuman:", "END"))
                        .setToolsJson(
                                "[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"Look a word up\","
                                        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}}}]")
                        .setToolChoiceJson("{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}")
                        .build())
                .setExtraBodyJson("{\"top_k\": 40, \"metadata\": {\"user_id\": \"u-1\"}, \"temperature\": 0.3}")
                .build();
    }

    @Test
    void shouldMapEveryChatFieldAndMergeExtraBodyLast() throws Exception {
        HttpCall call = adapter.toHttpCall(dispatched(allFieldsJob(), "claude", MODEL), config, KEY);

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri()).hasToString("https://api.anthropic.com/v1/messages");
        assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree(fixture(TYPE, "chat-everything.request.json")));
    }

    @Test
    void shouldMapBasicChatWithDefaultMaxTokensAndStringSystem() throws Exception {
        Job job = chatJob("r-2", "x").build();
        job.getChat()
                .setMessages(List.of(
                        ChatMessage.newBuilder()
                                .setRole("system")
                                .setContent("You are a helpful assistant.")
                                .build(),
                        ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("Hello, Claude")
                                .build()));

        HttpCall call = adapter.toHttpCall(dispatched(job, "claude", MODEL), config, KEY);

        assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree(fixture(TYPE, "chat-basic.request.json")));
    }

    @Test
    void shouldSendKeyAndVersionHeadersButNeverShowTheKey() {
        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-3", "hi").build(), "claude", MODEL), config, KEY);

        assertThat(call.headers())
                .containsEntry("x-api-key", KEY)
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("X-Roocode-Request-Id", "r-3")
                .containsEntry("Content-Type", "application/json")
                .doesNotContainKey("Authorization");
        assertThat(call.toString()).doesNotContain(KEY);
    }

    @Test
    void shouldUseConfiguredApiVersionAndNotDoubleV1() {
        ProviderConfig custom = provider("claude", "https://gateway.example.com/anthropic/v1/")
                .setApiVersion("2024-01-01")
                .build();

        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-4", "hi").build(), "claude", MODEL), custom, null);

        assertThat(call.uri()).hasToString("https://gateway.example.com/anthropic/v1/messages");
        assertThat(call.headers())
                .containsEntry("anthropic-version", "2024-01-01")
                .doesNotContainKey("x-api-key");
    }

    @Test
    void shouldTakeMaxTokensFromTheOfferWhenTheJobHasNone() throws Exception {
        ProviderConfig withOffer = provider("claude", "https://api.anthropic.com")
                .setOffers(List.of(
                        ModelOffer.newBuilder()
                                .setModel("other")
                                .setProviderModel("claude-haiku")
                                .setMaxOutputTokens(1000)
                                .build(),
                        ModelOffer.newBuilder()
                                .setModel("small")
                                .setProviderModel(MODEL)
                                .setMaxOutputTokens(8192)
                                .build()))
                .build();

        HttpCall call = adapter.toHttpCall(dispatched(chatJob("r-5", "hi").build(), "claude", MODEL), withOffer, KEY);

        assertThat(JSON.readTree(call.body()).get("max_tokens").asInt()).isEqualTo(8192);
    }

    @Test
    void shouldRejectSeedNamingTheField() {
        assertBadRequest(chat -> chat.setSeed(7L), "seed");
    }

    @Test
    void shouldRejectJsonResponseFormatsNamingTheField() {
        assertBadRequest(chat -> chat.setResponseFormatJson("{\"type\":\"json_object\"}"), "responseFormatJson");
        assertBadRequest(
                chat -> chat.setResponseFormatJson(
                        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}}"),
                "responseFormatJson");
    }

    @Test
    void shouldAcceptTextResponseFormatAsTheDefault() throws Exception {
        Job job = chatJob("r-6", "hi").build();
        job.getChat().setResponseFormatJson("{\"type\":\"text\"}");

        JsonNode body = JSON.readTree(adapter.toHttpCall(dispatched(job, "claude", MODEL), config, KEY)
                .body());

        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void shouldRejectParticipantNamesTemperatureAboveOneAndUnsupportedParts() {
        assertBadRequest(chat -> chat.getMessages().get(0).setName("alice"), "messages[0].name");
        assertBadRequest(chat -> chat.setTemperature(1.5), "temperature");
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
                                .setImageUrl("data:image/tiff;base64,AAAA")
                                .build()))
                        .build())),
                "image/tiff");
        assertBadRequest(
                chat -> chat.setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setParts(List.of(ContentPart.newBuilder()
                                .setType("image_url")
                                .setImageUrl("ftp://example.com/a.png")
                                .build()))
                        .build())),
                "http(s)");
    }

    @Test
    void shouldRejectNonFunctionTools() {
        assertBadRequest(chat -> chat.setToolsJson("[{\"type\":\"web_search\"}]"), "toolsJson[0].type");
    }

    @Test
    void shouldRejectEmbeddingJobsWithoutTheKey() {
        Job job = embeddingJob("r-7", List.of("a")).build();

        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job, "claude", MODEL), config, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining("anthropic has no embeddings API")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void shouldReportMalformedJobJsonAsInvalidJob() {
        Job job = chatJob("r-8", "hi").build();
        job.getChat()
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("assistant")
                        .setToolCallsJson("[{broken")
                        .build()));

        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job, "claude", MODEL), config, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB))
                .hasMessageContaining("messages[0].toolCallsJson");
    }

    @Test
    void shouldRejectToolMessageWithoutToolCallId() {
        Job job = chatJob("r-9", "hi").build();
        job.getChat()
                .setMessages(List.of(
                        ChatMessage.newBuilder().setRole("tool").setContent("x").build()));

        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job, "claude", MODEL), config, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB))
                .hasMessageContaining("toolCallId");
    }

    @Test
    void shouldAdvertiseChatToolsAndVisionButNoEmbeddingsOrJson() {
        assertThat(adapter.descriptor().supportedFields())
                .contains(JobField.MESSAGES, JobField.TOOLS, JobField.IMAGE_PARTS)
                .doesNotContain(JobField.EMBEDDINGS, JobField.RESPONSE_FORMAT, JobField.SEED);
    }

    private void assertBadRequest(Consumer<ChatRequest> change, String field) {
        Job job = chatJob("r-x", "hi").build();
        change.accept(job.getChat());
        assertThatThrownBy(() -> adapter.toHttpCall(dispatched(job, "claude", MODEL), config, KEY))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
                    assertThat(e.error().retryable()).isFalse();
                })
                .hasMessageContaining(field)
                .hasMessageNotContaining(KEY);
    }
}
