package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchLineCodecTest {
    private static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static DecodedLine decode(String line) {
        return BatchLineCodec.decode(line, 7, "batch-1", NOW);
    }

    static Job valid(String line) {
        DecodedLine decoded = decode(line);
        assertThat(decoded).as("decoded %s", decoded).isInstanceOf(DecodedLine.Valid.class);
        return ((DecodedLine.Valid) decoded).job();
    }

    static DecodedLine.Invalid invalid(String line) {
        DecodedLine decoded = decode(line);
        assertThat(decoded).isInstanceOf(DecodedLine.Invalid.class);
        return (DecodedLine.Invalid) decoded;
    }

    static String chat(String bodyRest) {
        return "{\"custom_id\":\"c1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + bodyRest + "}}";
    }

    static String chatMessages(String messages) {
        return "{\"custom_id\":\"c1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\","
                + "\"messages\":" + messages + "}}";
    }

    static String embedding(String bodyRest) {
        return "{\"custom_id\":\"e1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\""
                + bodyRest + "}}";
    }

    @Test
    void shouldBuildRequestIdAndMetadataFromBatchIdCustomIdAndLine() {
        Job job = valid(chat(""));
        assertThat(job.getRequestId()).isEqualTo("batch-1/c1");
        assertThat(job.getBatchId()).isEqualTo("batch-1");
        assertThat(job.getKind()).isEqualTo(JobKind.CHAT);
        assertThat(job.getModel()).isEqualTo("m");
        assertThat(job.getSubmittedAt()).isEqualTo(NOW);
        assertThat(job.getMetadata()).containsEntry("custom_id", "c1").containsEntry("line", "7");
        assertThat(job.getExtraBodyJson()).isNull();
        assertThat(job.getRouting().getFallbacks()).isEmpty();
        assertThat(decode(chat("")).lineNumber()).isEqualTo(7);
    }

    @Test
    void shouldTakeTheLinesTopLevelTraceparentAndIgnoreAMalformedOne() {
        String header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        DecodedLine traced = decode(chat("").replaceFirst("^\\{", "{\"traceparent\":\"" + header + "\","));
        DecodedLine malformed = decode(chat("").replaceFirst("^\\{", "{\"traceparent\":\"00-zz\","));
        DecodedLine without = decode(chat(""));

        assertThat(((DecodedLine.Valid) traced).trace().header()).isEqualTo(header);
        assertThat(malformed)
                .as("a bad traceparent is no reason to refuse the line")
                .isInstanceOf(DecodedLine.Valid.class);
        assertThat(((DecodedLine.Valid) malformed).trace()).isNull();
        assertThat(((DecodedLine.Valid) without).trace()).isNull();
        assertThat(((DecodedLine.Valid) traced).job().getMetadata()).doesNotContainKey("traceparent");
    }

    @Test
    void shouldMapEveryTypedChatField() {
        ChatRequest chat = valid(
                        chat(",\"temperature\":0.2,\"top_p\":0.9,\"max_completion_tokens\":64,\"stop\":[\"a\",\"b\"],"
                                + "\"seed\":42,\"response_format\":{\"type\":\"json_object\"},\"tools\":[{\"type\":\"function\","
                                + "\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"auto\""))
                .getChat();
        assertThat(chat.getTemperature()).isEqualTo(0.2);
        assertThat(chat.getTopP()).isEqualTo(0.9);
        assertThat(chat.getMaxTokens()).isEqualTo(64);
        assertThat(chat.getStop()).containsExactly("a", "b");
        assertThat(chat.getSeed()).isEqualTo(42L);
        assertThat(chat.getResponseFormatJson()).isEqualTo("{\"type\":\"json_object\"}");
        assertThat(chat.getToolsJson()).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        assertThat(chat.getToolChoiceJson()).isEqualTo("\"auto\"");
    }

    @Test
    void shouldAcceptMaxTokensAndAStopString() {
        ChatRequest chat = valid(chat(",\"max_tokens\":100,\"stop\":\"END\"")).getChat();
        assertThat(chat.getMaxTokens()).isEqualTo(100);
        assertThat(chat.getStop()).containsExactly("END");
    }

    @Test
    void shouldRejectDisagreeingMaxTokensAndMaxCompletionTokens() {
        DecodedLine.Invalid invalid = invalid(chat(",\"max_tokens\":100,\"max_completion_tokens\":50"));
        assertThat(invalid.code()).isEqualTo("invalid_value");
        assertThat(invalid.message()).contains("max_tokens", "max_completion_tokens");
    }

    @Test
    void shouldKeepUntypedOpenAiFieldsAsOpenAiParamsNotAsExtraBody() throws Exception {
        Job job = valid(chat(",\"n\":2,\"presence_penalty\":0.5,\"logprobs\":true,\"user\":\"u-1\","
                + "\"metadata\":{\"k\":\"v\"},\"temperature\":1"));
        JsonNode params = JSON.readTree(job.getOpenAiParamsJson());
        assertThat(params.properties())
                .extracting(e -> e.getKey())
                .containsExactly("n", "presence_penalty", "logprobs", "user", "metadata");
        assertThat(params.get("metadata").get("k").asText()).isEqualTo("v");
        assertThat(job.getExtraBodyJson())
                .as("OpenAI fields are not merged unchanged into every provider")
                .isNull();
        assertThat(job.getChat().getTemperature()).isEqualTo(1.0);
    }

    @Test
    void shouldPassOnlyTheExtraBodyObjectAsProviderSpecificParameters() throws Exception {
        Job job = valid(chat(",\"user\":\"u-1\",\"extra_body\":{\"top_k\":40,\"thinking\":{\"type\":\"enabled\"}}"));
        assertThat(JSON.readTree(job.getExtraBodyJson()))
                .isEqualTo(JSON.readTree("{\"top_k\":40,\"thinking\":{\"type\":\"enabled\"}}"));
        assertThat(JSON.readTree(job.getOpenAiParamsJson())).isEqualTo(JSON.readTree("{\"user\":\"u-1\"}"));
        assertThat(valid(chat(",\"extra_body\":{}")).getExtraBodyJson()).isNull();
    }

    @Test
    void shouldRejectAnExtraBodyThatIsNotAnObject() {
        DecodedLine.Invalid invalid = invalid(chat(",\"extra_body\":[1]"));
        assertThat(invalid.code()).isEqualTo("invalid_value");
        assertThat(invalid.message()).contains("extra_body must be an object");
    }

    @Test
    void shouldMapContentPartsNameAndToolMessages() {
        ChatRequest chat = valid(chatMessages("[{\"role\":\"developer\",\"content\":\"be brief\",\"name\":\"ops\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is this?\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"}}]},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                        + "{\"role\":\"tool\",\"content\":\"42\",\"tool_call_id\":\"call_1\"}]"))
                .getChat();
        ChatMessage developer = chat.getMessages().get(0);
        assertThat(developer.getRole()).isEqualTo("developer");
        assertThat(developer.getName()).isEqualTo("ops");
        ChatMessage user = chat.getMessages().get(1);
        assertThat(user.getContent()).isNull();
        assertThat(user.getParts()).hasSize(2);
        assertThat(user.getParts().get(0).getText()).isEqualTo("what is this?");
        assertThat(user.getParts().get(1).getImageUrl()).isEqualTo("https://x/y.png");
        assertThat(user.getParts().get(1).getDetail()).isEqualTo("low");
        ChatMessage assistant = chat.getMessages().get(2);
        assertThat(assistant.getContent()).isNull();
        assertThat(assistant.getToolCallsJson()).contains("\"id\":\"call_1\"");
        ChatMessage tool = chat.getMessages().get(3);
        assertThat(tool.getToolCallId()).isEqualTo("call_1");
        assertThat(tool.getContent()).isEqualTo("42");
    }

    @Test
    void shouldRejectNullContentWithoutToolCalls() {
        DecodedLine.Invalid invalid = invalid(chatMessages("[{\"role\":\"user\",\"content\":null}]"));
        assertThat(invalid.message()).contains("messages[0].content is required");
    }

    @Test
    void shouldRejectContentPartsItCannotCarry() {
        DecodedLine.Invalid invalid = invalid(chatMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
                + "\"input_audio\":{\"data\":\"AAA\",\"format\":\"wav\"}}]}]"));
        assertThat(invalid.code()).isEqualTo("unsupported_parameter");
        assertThat(invalid.message()).contains("input_audio");
    }

    @Test
    void shouldRejectUnknownMessageFieldsInsteadOfDroppingThem() {
        DecodedLine.Invalid invalid = invalid(
                chatMessages("[{\"role\":\"assistant\",\"content\":\"x\",\"function_call\":{\"name\":\"f\"}}]"));
        assertThat(invalid.code()).isEqualTo("unsupported_parameter");
        assertThat(invalid.message()).isEqualTo("messages[0].function_call is not supported");
    }

    @Test
    void shouldIgnoreNullUnknownMessageFields() {
        assertThat(valid(chatMessages("[{\"role\":\"assistant\",\"content\":\"x\",\"refusal\":null}]")))
                .isNotNull();
    }

    @Test
    void shouldRejectToolMessageWithoutToolCallId() {
        assertThat(invalid(chatMessages("[{\"role\":\"tool\",\"content\":\"x\"}]"))
                        .message())
                .contains("tool_call_id is required");
    }

    @Test
    void shouldRejectUnknownRoleNamingIt() {
        DecodedLine.Invalid invalid = invalid(chatMessages("[{\"role\":\"robot\",\"content\":\"x\"}]"));
        assertThat(invalid.code()).isEqualTo("invalid_role");
        assertThat(invalid.message()).contains("messages[0]", "'robot'");
        assertThat(invalid.customId()).isEqualTo("c1");
        assertThat(invalid.lineNumber()).isEqualTo(7);
    }

    @Test
    void shouldRejectMissingOrEmptyMessages() {
        assertThat(invalid(chatMessages("[]")).code()).isEqualTo("missing_messages");
        assertThat(invalid("{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                                + "\"body\":{\"model\":\"m\"}}")
                        .code())
                .isEqualTo("missing_messages");
    }

    @Test
    void shouldRejectLineThatIsNotJson() {
        DecodedLine.Invalid invalid = invalid("{\"custom_id\": \"c1\", \"method\": ");
        assertThat(invalid.code()).isEqualTo("invalid_json");
        assertThat(invalid.customId()).isNull();
        assertThat(invalid.message()).startsWith("line is not valid JSON").doesNotContain("\n");
        assertThat(invalid("[1,2]").code()).isEqualTo("invalid_json");
        assertThat(invalid(chat("") + " trailing").code()).isEqualTo("invalid_json");
    }

    @Test
    void shouldRejectMissingCustomId() {
        DecodedLine.Invalid invalid =
                invalid("{\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\",\"input\":\"x\"}}");
        assertThat(invalid.code()).isEqualTo("missing_custom_id");
        assertThat(invalid(embedding(",\"input\":\"x\"").replace("\"e1\"", "\"\""))
                        .code())
                .isEqualTo("missing_custom_id");
    }

    @Test
    void shouldRejectUnsupportedUrlNamingIt() {
        DecodedLine.Invalid invalid = invalid(chat("").replace("/v1/chat/completions", "/v1/completions"));
        assertThat(invalid.code()).isEqualTo("unsupported_url");
        assertThat(invalid.message()).contains("/v1/completions", "/v1/chat/completions", "/v1/embeddings");
        assertThat(invalid(chat("").replace("\"url\":\"/v1/chat/completions\",", ""))
                        .message())
                .isEqualTo(
                        "url is missing; use /v1/chat/completions, /v1/embeddings or /v1/responses (or, as in Azure's files, /chat/completions or /embeddings)");
    }

    @Test
    void shouldRejectMethodOtherThanPost() {
        assertThat(invalid(chat("").replace("POST", "GET")).code()).isEqualTo("unsupported_method");
        assertThat(invalid(chat("").replace("POST", "GET")).message())
                .isEqualTo("method \"GET\" is not supported; use POST");
    }

    @Test
    void shouldRejectMissingBodyAndMissingModel() {
        assertThat(invalid("{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/embeddings\"}")
                        .code())
                .isEqualTo("missing_body");
        assertThat(invalid("{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}")
                        .code())
                .isEqualTo("missing_body");
        assertThat(invalid(embedding(",\"input\":\"x\"").replace("\"model\":\"m\",", ""))
                        .code())
                .isEqualTo("missing_model");
    }

    @Test
    void shouldRejectStreaming() {
        assertThat(invalid(chat(",\"stream\":true")).message()).contains("stream");
    }

    @Test
    void shouldRejectWrongTypesNamingTheField() {
        DecodedLine.Invalid invalid = invalid(chat(",\"temperature\":\"hot\""));
        assertThat(invalid.code()).isEqualTo("invalid_value");
        assertThat(invalid.message()).isEqualTo("temperature must be a number");
        assertThat(invalid(chat(",\"max_tokens\":1.5")).message()).contains("max_tokens must be an integer");
    }

    @Test
    void shouldMapEmbeddingInputListDimensionsAndExtraFields() throws Exception {
        Job job = valid(
                embedding(",\"input\":[\"a\",\"b\"],\"dimensions\":256,\"encoding_format\":\"float\",\"user\":\"u\""));
        assertThat(job.getKind()).isEqualTo(JobKind.EMBEDDING);
        assertThat(job.getChat()).isNull();
        assertThat(job.getEmbedding().getInput()).containsExactly("a", "b");
        assertThat(job.getEmbedding().getDimensions()).isEqualTo(256);
        assertThat(JSON.readTree(job.getOpenAiParamsJson())).isEqualTo(JSON.readTree("{\"user\":\"u\"}"));
        assertThat(job.getExtraBodyJson()).isNull();
    }

    @Test
    void shouldRejectEmbeddingTokenIdsAndBase64AndEmptyInput() {
        DecodedLine.Invalid tokens = invalid(embedding(",\"input\":[[1,2,3]]"));
        assertThat(tokens.code()).isEqualTo("unsupported_parameter");
        assertThat(tokens.message()).contains("token ids");
        assertThat(invalid(embedding(",\"input\":[1,2,3]")).message()).contains("token ids");
        DecodedLine.Invalid base64 = invalid(embedding(",\"input\":\"x\",\"encoding_format\":\"base64\""));
        assertThat(base64.message()).contains("only float is supported");
        assertThat(invalid(embedding(",\"input\":\"\"")).code()).isEqualTo("empty_input");
        assertThat(invalid(embedding(",\"input\":[]")).code()).isEqualTo("empty_input");
        assertThat(invalid(embedding("")).code()).isEqualTo("empty_input");
        assertThat(invalid(embedding(",\"input\":[\"a\",\"\"]")).message()).contains("input[1]");
    }

    @Test
    void shouldReadAzureStyleUrlsWithoutTheV1Prefix() {
        Job chat = valid(
                "{\"custom_id\": \"task-0\", \"method\": \"POST\", \"url\": \"/chat/completions\", \"body\": {\"model\": "
                        + "\"REPLACE-WITH-MODEL-DEPLOYMENT-NAME\", \"messages\": [{\"role\": \"system\", \"content\": \"You are an AI assistant that "
                        + "helps people find information.\"}, {\"role\": \"user\", \"content\": \"When was Microsoft founded?\"}]}}");
        assertThat(chat.getKind()).isEqualTo(JobKind.CHAT);
        assertThat(chat.getChat().getMessages()).hasSize(2);
        Job embedding =
                valid("{\"custom_id\": \"e-0\", \"method\": \"POST\", \"url\": \"/embeddings\", \"body\": {\"model\": "
                        + "\"text-embedding-3-small\", \"input\": \"hello\"}}");
        assertThat(embedding.getKind()).isEqualTo(JobKind.EMBEDDING);
        assertThat(embedding.getEmbedding().getInput()).containsExactly("hello");
    }

    @Test
    void shouldRefuseOtherUrlsNamingWhatIsAccepted() {
        for (String url : new String[] {
            "/v1/completions", "/deployments/gpt-4o/chat/completions", "chat/completions", "/v1/responses/resp_1"
        }) {
            DecodedLine.Invalid invalid = invalid(chat("").replace("/v1/chat/completions", url));
            assertThat(invalid.code()).isEqualTo("unsupported_url");
            assertThat(invalid.message())
                    .isEqualTo("url \"" + url + "\" is not supported; use /v1/chat/completions, /v1/embeddings or"
                            + " /v1/responses (or, as in Azure's files, /chat/completions or /embeddings)");
        }
    }

    @Test
    void shouldSayACustomIdThatIsNotAStringMustBeOne() {
        DecodedLine.Invalid invalid = invalid(chat("").replace("\"c1\"", "42"));
        assertThat(invalid.code()).isEqualTo("invalid_custom_id");
        assertThat(invalid.message()).isEqualTo("custom_id must be a string (got 42)");
        assertThat(invalid(chat("").replace("\"custom_id\":\"c1\",", "")).message())
                .startsWith("custom_id is required");
        assertThat(invalid(chat("").replace("\"c1\"", "null")).code()).isEqualTo("missing_custom_id");
    }
}
