package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesBodyMapperTest {
    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String line(String body) {
        return "{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":" + body + "}";
    }

    private static Job valid(String body) {
        DecodedLine decoded = BatchLineCodec.decode(line(body), 1, "batch-1", NOW);
        assertThat(decoded).as("decoded %s", decoded).isInstanceOf(DecodedLine.Valid.class);
        return ((DecodedLine.Valid) decoded).job();
    }

    private static DecodedLine.Invalid invalid(String body) {
        DecodedLine decoded = BatchLineCodec.decode(line(body), 1, "batch-1", NOW);
        assertThat(decoded).as("decoded %s", decoded).isInstanceOf(DecodedLine.Invalid.class);
        return (DecodedLine.Invalid) decoded;
    }

    @Test
    void shouldTurnTextInputAndInstructionsIntoASystemAndAUserMessage() {
        Job job = valid("{\"model\":\"gpt-4o-mini\",\"input\":\"Say hi\",\"instructions\":\"Be brief\","
                + "\"max_output_tokens\":50,\"temperature\":0.2}");
        assertThat(job.getKind()).isEqualTo(JobKind.CHAT);
        assertThat(job.getModel()).isEqualTo("gpt-4o-mini");
        ChatRequest chat = job.getChat();
        assertThat(chat.getMessages())
                .extracting(ChatMessage::getRole, ChatMessage::getContent)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("system", "Be brief"),
                        org.assertj.core.groups.Tuple.tuple("user", "Say hi"));
        assertThat(chat.getMaxTokens()).isEqualTo(50);
        assertThat(chat.getTemperature()).isEqualTo(0.2);
        assertThat(job.getMetadata())
                .containsEntry(BatchLineCodec.METADATA_ENDPOINT, BatchLineCodec.RESPONSES_URL)
                .containsEntry("custom_id", "r1");
        assertThat(job.getOpenAiParamsJson()).isNull();
    }

    @Test
    void shouldMapMessageItemsWithPartsAndFunctionCallHistory() throws Exception {
        Job job = valid("{\"model\":\"m\",\"input\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Weather?\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://x/i.png\",\"detail\":\"low\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"sunny\"}]}");
        var messages = job.getChat().getMessages();
        assertThat(messages).extracting(ChatMessage::getRole).containsExactly("user", "assistant", "tool");
        assertThat(messages.get(0).getParts()).extracting("type").containsExactly("text", "image_url");
        assertThat(messages.get(0).getParts().get(1).getImageUrl()).isEqualTo("https://x/i.png");
        JsonNode calls = JSON.readTree(messages.get(1).getToolCallsJson());
        assertThat(calls.get(0).get("id").asText()).isEqualTo("call_1");
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(messages.get(2).getToolCallId()).isEqualTo("call_1");
        assertThat(messages.get(2).getContent()).isEqualTo("sunny");
    }

    @Test
    void shouldMapStructuredOutputToAJsonSchemaResponseFormatAndEchoIt() throws Exception {
        Job job = valid("{\"model\":\"m\",\"input\":\"x\",\"metadata\":{\"team\":\"a\"},\"text\":{\"format\":"
                + "{\"type\":\"json_schema\",\"name\":\"person\",\"strict\":true,\"schema\":{\"type\":\"object\"}}}}");
        JsonNode format = JSON.readTree(job.getChat().getResponseFormatJson());
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertThat(format.at("/json_schema/name").asText()).isEqualTo("person");
        assertThat(format.at("/json_schema/strict").asBoolean()).isTrue();
        assertThat(format.at("/json_schema/schema/type").asText()).isEqualTo("object");
        JsonNode echo = JSON.readTree(job.getMetadata().get(BatchLineCodec.METADATA_RESPONSES_ECHO));
        assertThat(echo.at("/metadata/team").asText()).isEqualTo("a");
        assertThat(echo.at("/text/format/name").asText()).isEqualTo("person");
    }

    @Test
    void shouldMapFunctionToolsAndToolChoiceToChatShape() throws Exception {
        Job job = valid("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\","
                + "\"description\":\"d\",\"parameters\":{\"type\":\"object\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"name\":\"f\"},\"parallel_tool_calls\":false}");
        JsonNode tools = JSON.readTree(job.getChat().getToolsJson());
        assertThat(tools.get(0).get("type").asText()).isEqualTo("function");
        assertThat(tools.get(0).at("/function/name").asText()).isEqualTo("f");
        assertThat(tools.get(0).at("/function/parameters/type").asText()).isEqualTo("object");
        assertThat(JSON.readTree(job.getChat().getToolChoiceJson())
                        .at("/function/name")
                        .asText())
                .isEqualTo("f");
        assertThat(JSON.readTree(job.getOpenAiParamsJson())
                        .get("parallel_tool_calls")
                        .asBoolean())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"previous_response_id", "conversation", "prompt", "include", "service_tier", "frobnicate"})
    void shouldRefuseAParameterItCannotHonourNamingIt(String parameter) {
        DecodedLine.Invalid invalid = invalid("{\"model\":\"m\",\"input\":\"x\",\"" + parameter + "\":\"v\"}");
        assertThat(invalid.code()).isEqualTo(BatchErrorCodes.UNSUPPORTED_PARAMETER);
        assertThat(invalid.message()).startsWith(parameter + " is not supported");
    }

    @Test
    void shouldCarryReasoningEffortAndVerbosityAndRefuseTheirSiblingsRatherThanDropThem() throws Exception {
        Job job = valid("{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"low\"},"
                + "\"text\":{\"verbosity\":\"high\"}}");
        JsonNode params = JSON.readTree(job.getOpenAiParamsJson());
        assertThat(params.get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(params.get("verbosity").asText()).isEqualTo("high");
        assertThat(invalid("{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"summary\":\"auto\"}}")
                        .message())
                .isEqualTo("reasoning.summary is not supported");
        assertThat(invalid("{\"model\":\"m\",\"input\":\"x\",\"text\":{\"shout\":true}}")
                        .message())
                .isEqualTo("text.shout is not supported");
    }

    @Test
    void shouldRefuseBuiltInToolsStreamAndBackground() {
        assertThat(invalid("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}")
                        .message())
                .contains("tools[0].type 'web_search'");
        assertThat(invalid("{\"model\":\"m\",\"input\":\"x\",\"stream\":true}").message())
                .startsWith("stream is not supported");
        assertThat(invalid("{\"model\":\"m\",\"input\":\"x\",\"background\":true}")
                        .message())
                .startsWith("background is not supported");
        assertThat(invalid("{\"model\":\"m\"}").code()).isEqualTo(BatchErrorCodes.MISSING_MESSAGES);
    }

    @Test
    void shouldDecodeARequestBodyOutsideABatchWithTheGivenRequestId() throws Exception {
        DecodedLine decoded = BatchLineCodec.decodeRequest(
                "/v1/responses", JSON.readTree("{\"model\":\"m\",\"input\":\"hi\"}"), "api-1", Map.of("k", "v"), NOW);
        assertThat(decoded).isInstanceOf(DecodedLine.Valid.class);
        Job job = ((DecodedLine.Valid) decoded).job();
        assertThat(job.getRequestId()).isEqualTo("api-1");
        assertThat(job.getBatchId()).isNull();
        assertThat(job.getMetadata()).containsEntry("k", "v").doesNotContainKey("custom_id");
        DecodedLine bad = BatchLineCodec.decodeRequest(
                "/v1/chat/completions", JSON.readTree("{\"messages\":[]}"), "api-2", Map.of(), NOW);
        assertThat(((DecodedLine.Invalid) bad).message()).isEqualTo("model is required");
    }
}
