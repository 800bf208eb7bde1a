package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchOutputWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SUBMITTED = Instant.parse("2026-11-25T16:00:00Z");
    private static final Instant COMPLETED = Instant.parse("2026-11-25T16:00:02Z");

    private static Result.Builder result(String customId, JobKind kind) {
        return Result.newBuilder()
                .setRequestId("b1/" + customId)
                .setBatchId("b1")
                .setKind(kind)
                .setModel("gpt-4o-mini")
                .setProvider("openai")
                .setProviderModel("gpt-4o-mini-2024-07-18")
                .setMetadata(Map.of("custom_id", customId, "line", "3"))
                .setSubmittedAt(SUBMITTED)
                .setCompletedAt(COMPLETED)
                .setLatencyMs(2000);
    }

    private static Result chatResult() {
        ChatMessage answer = ChatMessage.newBuilder()
                .setRole("assistant")
                .setContent("Hello!")
                .build();
        ChatMessage toolCall = ChatMessage.newBuilder()
                .setRole("assistant")
                .setToolCallsJson("[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"location\\\":\\\"Tokyo\\\"}\"}}]")
                .build();
        return result("req-1", JobKind.CHAT)
                .setStatus(ResultStatus.SUCCEEDED)
                .setOutput(ProviderOutput.newBuilder()
                        .setChoices(List.of(
                                Choice.newBuilder()
                                        .setIndex(0)
                                        .setMessage(answer)
                                        .setFinishReason("stop")
                                        .build(),
                                Choice.newBuilder()
                                        .setIndex(1)
                                        .setMessage(toolCall)
                                        .setFinishReason("tool_calls")
                                        .build()))
                        .setUsage(new Usage(22L, 34L, 56L))
                        .setProviderRequestId("chatcmpl-abc")
                        .setCreated(1725400447L)
                        .build())
                .build();
    }

    @Test
    void shouldWriteAChatResultInOpenAiOutputShape() throws Exception {
        String line = BatchOutputWriter.toOutputLine(chatResult());
        assertThat(line).doesNotContain("\n");
        JsonNode root = JSON.readTree(line);
        assertThat(root.properties())
                .extracting(e -> e.getKey())
                .containsExactly("id", "custom_id", "response", "error", "roocode");
        assertThat(root.get("id").asText()).matches("batch_req_[A-Za-z0-9]{24}");
        assertThat(root.get("error").isNull()).isTrue();
        JsonNode body = root.at("/response/body");
        assertThat(body.properties())
                .extracting(e -> e.getKey())
                .containsExactly("id", "object", "created", "model", "choices", "usage", "system_fingerprint");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(body.at("/choices/0/message").properties())
                .extracting(e -> e.getKey())
                .containsExactly("role", "content", "refusal");
        assertThat(body.at("/choices/0/logprobs").isNull()).isTrue();
        assertThat(body.at("/choices/1/message/content").isNull()).isTrue();
        assertThat(body.at("/choices/1/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"location\":\"Tokyo\"}");
        assertThat(body.get("usage"))
                .isEqualTo(JSON.readTree("{\"prompt_tokens\":22,\"completion_tokens\":34,\"total_tokens\":56}"));
    }

    @Test
    void shouldRoundTripAChatResultThroughTheReader() {
        BatchOutputLine line = BatchOutputReader.parse(BatchOutputWriter.toOutputLine(chatResult()));
        assertThat(line.customId()).isEqualTo("req-1");
        assertThat(line.succeeded()).isTrue();
        assertThat(line.response().statusCode()).isEqualTo(200);
        assertThat(line.response().requestId()).isEqualTo("b1/req-1");
        assertThat(line.response().body().get("id").asText()).isEqualTo("chatcmpl-abc");
        assertThat(line.response().body().get("created").asLong()).isEqualTo(1725400447L);
        assertThat(line.response().body().at("/choices/0/message/content").asText())
                .isEqualTo("Hello!");
        assertThat(line.response().body().at("/choices/1/finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void shouldGiveTheSameIdToTheSameResult() {
        assertThat(BatchOutputWriter.toOutputLine(chatResult()))
                .isEqualTo(BatchOutputWriter.toOutputLine(chatResult()));
    }

    @Test
    void shouldRoundTripAnEmbeddingResultWithCompactFloats() {
        Result result = result("embed-1", JobKind.EMBEDDING)
                .setStatus(ResultStatus.SUCCEEDED)
                .setProviderModel("text-embedding-3-small")
                .setOutput(ProviderOutput.newBuilder()
                        .setEmbeddings(List.of(
                                new Embedding(0, List.of(-0.03416999f, 0.0044866577f, 1.0e-7f)),
                                new Embedding(1, List.of(0.5f, -1f, 0f))))
                        .setUsage(new Usage(5L, 0L, 5L))
                        .build())
                .build();
        String text = BatchOutputWriter.toOutputLine(result);
        assertThat(text).contains("[-0.03416999,0.0044866577,1.0E-7]");
        BatchOutputLine line = BatchOutputReader.parse(text);
        JsonNode body = line.response().body();
        assertThat(body.properties()).extracting(e -> e.getKey()).containsExactly("object", "data", "model", "usage");
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.at("/data/1/object").asText()).isEqualTo("embedding");
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/data/0/embedding/0").floatValue()).isEqualTo(-0.03416999f);
        assertThat(body.at("/data/0/embedding/2").floatValue()).isEqualTo(1.0e-7f);
        assertThat(body.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(body.get("usage")).hasSize(2);
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(5);
    }

    @Test
    void shouldWriteAProviderFailureWithItsHttpStatusAsAResponse() throws Exception {
        Result result = result("req-9", JobKind.CHAT)
                .setStatus(ResultStatus.FAILED)
                .setError(new ErrorInfo(ErrorClass.CONTEXT_LENGTH, "too many tokens", 400, "openai"))
                .build();
        String text = BatchOutputWriter.toOutputLine(result);
        BatchOutputLine line = BatchOutputReader.parse(text);
        assertThat(line.succeeded()).isFalse();
        assertThat(line.error()).isNull();
        assertThat(line.response().statusCode()).isEqualTo(400);
        assertThat(line.response().body())
                .isEqualTo(JSON.readTree("{\"error\":{\"message\":\"too many tokens\","
                        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"context_length\"}}"));
        assertThat(JSON.readTree(text).get("error").isNull()).isTrue();
    }

    @Test
    void shouldWriteAFailureWithoutHttpStatusAsAnError() throws Exception {
        Result result = result("req-10", JobKind.CHAT)
                .setStatus(ResultStatus.FAILED)
                .setError(new ErrorInfo(ErrorClass.NO_ROUTE, "no provider offers model gpt-9", null, null))
                .build();
        String text = BatchOutputWriter.toOutputLine(result);
        assertThat(JSON.readTree(text).get("response").isNull()).isTrue();
        BatchOutputLine line = BatchOutputReader.parse(text);
        assertThat(line.customId()).isEqualTo("req-10");
        assertThat(line.response()).isNull();
        assertThat(line.error()).isEqualTo(new BatchOutputLine.Error("no_route", "no provider offers model gpt-9"));
    }

    @Test
    void shouldFallBackToTheRequestIdWithoutTheBatchPrefixWhenMetadataLacksCustomId() {
        Result result = result("req-11", JobKind.CHAT)
                .setMetadata(Map.of())
                .setStatus(ResultStatus.FAILED)
                .setError(new ErrorInfo(ErrorClass.INVALID_JOB, "bad", null, null))
                .build();
        assertThat(BatchOutputReader.parse(BatchOutputWriter.toOutputLine(result))
                        .customId())
                .isEqualTo("req-11");
    }

    @Test
    void shouldWriteAnErrorLineForAnInputLineThatNeverBecameAJob() {
        DecodedLine.Invalid invalid =
                new DecodedLine.Invalid("c-7", 12, "invalid_role", "messages[0].role 'robot' is unknown");
        BatchOutputLine line = BatchOutputReader.parse(BatchOutputWriter.errorLine(invalid));
        assertThat(line.customId()).isEqualTo("c-7");
        assertThat(line.response()).isNull();
        assertThat(line.error().code()).isEqualTo("invalid_role");
        assertThat(line.error().message()).isEqualTo("line 12: messages[0].role 'robot' is unknown");
        assertThat(BatchOutputReader.parse(BatchOutputWriter.errorLine(null, "invalid_json", "x"))
                        .customId())
                .isNull();
    }

    @Test
    void shouldSayWhoAnsweredAndThatItFellBackOnASuccessLine() throws Exception {
        Result result = Result.newBuilder(chatResult())
                .setAttempts(List.of(
                        attempt("azure-east", 1, 503, ErrorClass.PROVIDER_UNAVAILABLE),
                        attempt("openai", 2, 200, null)))
                .build();

        String text = BatchOutputWriter.toOutputLine(result);

        assertThat(JSON.readTree(text).get("roocode"))
                .isEqualTo(
                        JSON.readTree(
                                "{\"served_by\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\",\"attempts\":2,\"fell_back\":true}"));
        assertThat(BatchOutputReader.parse(text).served())
                .isEqualTo(new BatchOutputLine.Served("openai", "gpt-4o-mini-2024-07-18", 2, true));
    }

    @Test
    void shouldSayWhoAnsweredOnAnErrorLineWhenOneProviderWasTriedTwice() throws Exception {
        Result result = result("req-12", JobKind.CHAT)
                .setStatus(ResultStatus.FAILED)
                .setAttempts(List.of(
                        attempt("openai", 1, 500, ErrorClass.PROVIDER_ERROR),
                        attempt("openai", 2, 500, ErrorClass.PROVIDER_ERROR)))
                .setError(new ErrorInfo(ErrorClass.PROVIDER_ERROR, "internal error", 500, "openai"))
                .build();

        BatchOutputLine line = BatchOutputReader.parse(BatchOutputWriter.toOutputLine(result));

        assertThat(line.response().statusCode()).isEqualTo(500);
        assertThat(line.served()).isEqualTo(new BatchOutputLine.Served("openai", "gpt-4o-mini-2024-07-18", 2, false));
    }

    @Test
    void shouldNameTheLastAttemptsProviderWhenAFailedResultHasNone() {
        Result result = result("req-13", JobKind.CHAT)
                .setProvider(null)
                .setProviderModel(null)
                .setStatus(ResultStatus.FAILED)
                .setAttempts(List.of(
                        attempt("openai", 1, null, ErrorClass.TIMEOUT),
                        attempt("anthropic", 2, null, ErrorClass.TIMEOUT)))
                .setError(new ErrorInfo(ErrorClass.TIMEOUT, "no answer", null, null))
                .build();

        assertThat(BatchOutputReader.parse(BatchOutputWriter.toOutputLine(result))
                        .served())
                .isEqualTo(new BatchOutputLine.Served("anthropic", "anthropic-model", 2, true));
    }

    @Test
    void shouldSayNoProviderAnsweredALineThatNeverBecameAJob() throws Exception {
        String text = BatchOutputWriter.errorLine("c-8", "invalid_json", "line 3: not JSON");

        assertThat(JSON.readTree(text).properties())
                .extracting(e -> e.getKey())
                .containsExactly("id", "custom_id", "response", "error", "roocode");
        assertThat(JSON.readTree(text).get("roocode"))
                .isEqualTo(JSON.readTree("{\"served_by\":null,\"model\":null,\"attempts\":0,\"fell_back\":false}"));
        assertThat(BatchOutputReader.parse(text).served()).isEqualTo(BatchOutputLine.Served.NONE);
    }

    private static AttemptRecord attempt(String provider, int number, Integer httpStatus, ErrorClass errorClass) {
        return AttemptRecord.newBuilder()
                .setProvider(provider)
                .setProviderModel(provider + "-model")
                .setAttempt(number)
                .setLatencyMs(100)
                .setHttpStatus(httpStatus)
                .setErrorClass(errorClass)
                .build();
    }
}
