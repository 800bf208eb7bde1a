package dev.roocode.connectors.provider.cohere;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.embeddingJob;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cohere mapping and parsing details beyond the contract ({@link CohereContractTest}). */
class CohereRequestMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "co-test-secret-123456";
    private static final String TOOLS =
            "[{\"type\":\"function\",\"function\":{\"name\":\"a\",\"parameters\":{\"type\":\"object\"}}},"
                    + "{\"type\":\"function\",\"function\":{\"name\":\"b\",\"parameters\":{\"type\":\"object\"}}}]";

    private final CohereAdapter adapter = new CohereAdapter();
    private final ProviderConfig config = provider("co", "https://api.cohere.com/v2/")
            .setType(CohereAdapter.TYPE)
            .build();

    private JsonNode body(Job job) throws Exception {
        return JSON.readTree(adapter.toHttpCall(dispatched(job, "co", "command-a-03-2025"), config, KEY)
                .body());
    }

    @Test
    void shouldNotDoubleV2AndSendBearerKeyOnlyInItsHeader() {
        HttpCall call =
                adapter.toHttpCall(dispatched(chatJob("r-1", "hi").build(), "co", "command-a-03-2025"), config, KEY);

        assertThat(call.uri()).hasToString("https://api.cohere.com/v2/chat");
        assertThat(call.headers()).containsEntry("Authorization", "Bearer " + KEY);
        assertThat(call.toString()).doesNotContain(KEY);
    }

    @Test
    void shouldSendAssistantTextBesideToolCallsAsToolPlanAndDeveloperAsSystem() throws Exception {
        Job job = chatJob("r-2", "hi").build();
        job.getChat()
                .setMessages(List.of(
                        ChatMessage.newBuilder()
                                .setRole("developer")
                                .setContent("Be brief.")
                                .build(),
                        ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("Sales on 29 Sep?")
                                .build(),
                        ChatMessage.newBuilder()
                                .setRole("assistant")
                                .setContent("I will look it up.")
                                .setToolCallsJson(
                                        "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"q\",\"arguments\":\"{}\"}}]")
                                .build()));

        JsonNode messages = body(job).get("messages");

        assertThat(messages.get(0)).isEqualTo(JSON.readTree("{\"role\":\"system\",\"content\":\"Be brief.\"}"));
        assertThat(messages.get(2))
                .isEqualTo(
                        JSON.readTree(
                                "{\"role\":\"assistant\",\"tool_plan\":\"I will look it up.\","
                                        + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"q\",\"arguments\":\"{}\"}}]}"));
    }

    @Test
    void shouldForceAFunctionAsRequiredWithOnlyThatTool() throws Exception {
        Job job = chatJob("r-3", "hi").build();
        job.getChat().setToolsJson(TOOLS);
        job.getChat().setToolChoiceJson("{\"type\":\"function\",\"function\":{\"name\":\"b\"}}");

        JsonNode body = body(job);

        assertThat(body.get("tool_choice").asText()).isEqualTo("REQUIRED");
        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("b");
    }

    @Test
    void shouldMapToolChoiceNoneAndRequired() throws Exception {
        Job none = chatJob("r-4", "hi").build();
        none.getChat().setToolsJson(TOOLS);
        none.getChat().setToolChoiceJson("\"none\"");
        Job required = chatJob("r-5", "hi").build();
        required.getChat().setToolsJson(TOOLS);
        required.getChat().setToolChoiceJson("\"required\"");

        assertThat(body(none).get("tool_choice").asText()).isEqualTo("NONE");
        assertThat(body(required).get("tool_choice").asText()).isEqualTo("REQUIRED");
    }

    @Test
    void shouldTurnStrictFunctionsIntoStrictToolsAndRefuseAMix() throws Exception {
        Job all = chatJob("r-6", "hi").build();
        all.getChat()
                .setToolsJson(TOOLS.replace("\"name\":\"a\"", "\"name\":\"a\",\"strict\":true")
                        .replace("\"name\":\"b\"", "\"name\":\"b\",\"strict\":true"));
        Job mixed = chatJob("r-7", "hi").build();
        mixed.getChat().setToolsJson(TOOLS.replace("\"name\":\"a\"", "\"name\":\"a\",\"strict\":true"));

        assertThat(body(all).get("strict_tools").asBoolean()).isTrue();
        assertThat(body(all).at("/tools/0/function").has("strict")).isFalse();
        assertThatThrownBy(() -> body(mixed))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining("toolsJson");
    }

    @Test
    void shouldSendJsonObjectWithoutSchema() throws Exception {
        Job job = chatJob("r-8", "hi").build();
        job.getChat().setResponseFormatJson("{\"type\":\"json_object\"}");

        assertThat(body(job).get("response_format")).isEqualTo(JSON.readTree("{\"type\":\"json_object\"}"));
    }

    @ParameterizedTest
    @CsvSource({
        "'', search_document",
        "search_query, search_query",
        "CLUSTERING, clustering",
        "RETRIEVAL_QUERY, search_query",
        "RETRIEVAL_DOCUMENT, search_document",
        "classification, classification"
    })
    void shouldMapInputTypes(String inputType, String expected) {
        assertThat(CohereRequestMapper.inputType(inputType)).isEqualTo(expected);
    }

    @Test
    void shouldRejectInputTypesCohereHasNot() {
        assertThatThrownBy(() -> CohereRequestMapper.inputType("SEMANTIC_SIMILARITY"))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining("inputType");
    }

    @Test
    void shouldRejectMoreThan96TextsNamingTheField() {
        Job job = embeddingJob("r-9", Collections.nCopies(97, "x")).build();

        assertThatThrownBy(() -> body(job))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining("embedding.input");
    }

    @Test
    void shouldNotEchoAuthenticationMessages() {
        assertThat(adapter.classify(new HttpAnswer(
                                401, Map.of(), "{\"message\":\"invalid api token\"}".getBytes(StandardCharsets.UTF_8)))
                        .message())
                .isEqualTo("HTTP 401");
    }

    @Test
    void shouldUseToolPlanAsContentOfAToolCallingAnswerAndRefuseTimeouts() {
        HttpAnswer toolCall = new HttpAnswer(200, Map.of(), fixture("cohere", "chat-tool-call.response.json"));
        HttpAnswer timeout = new HttpAnswer(
                200,
                Map.of(),
                "{\"id\":\"x\",\"finish_reason\":\"TIMEOUT\",\"message\":{\"role\":\"assistant\"}}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(adapter.parse(JobKind.CHAT, toolCall)
                        .getChoices()
                        .get(0)
                        .getMessage()
                        .getContent())
                .isEqualTo("I will search the sales database for the sales summary on 29th Sep 2023.");
        assertThatThrownBy(() -> adapter.parse(JobKind.CHAT, timeout))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
    }
}
