package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesOutputWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

    /** The Result a provider's answer to the Responses line {@code body} gives. */
    static Result answered(String body, ChatMessage message, String finishReason) {
        DecodedLine decoded = BatchLineCodec.decode(
                "{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":" + body + "}",
                1,
                "b1",
                NOW);
        Job job = ((DecodedLine.Valid) decoded).job();
        return Result.newBuilder()
                .setRequestId(job.getRequestId())
                .setBatchId("b1")
                .setStatus(ResultStatus.SUCCEEDED)
                .setKind(JobKind.CHAT)
                .setModel(job.getModel())
                .setProvider("sim")
                .setProviderModel("gpt-4o-mini-2024-07-18")
                .setMetadata(job.getMetadata())
                .setOutput(ProviderOutput.newBuilder()
                        .setChoices(List.of(Choice.newBuilder()
                                .setIndex(0)
                                .setMessage(message)
                                .setFinishReason(finishReason)
                                .build()))
                        .setUsage(Usage.newBuilder()
                                .setInputTokens(12)
                                .setOutputTokens(5)
                                .setTotalTokens(17)
                                .build())
                        .build())
                .setSubmittedAt(NOW)
                .setCompletedAt(NOW.plusSeconds(2))
                .setLatencyMs(2000)
                .build();
    }

    static ChatMessage text(String text) {
        return ChatMessage.newBuilder().setRole("assistant").setContent(text).build();
    }

    @Test
    void shouldWriteAResponsesObjectForAJobThatCameAsAResponsesRequest() throws Exception {
        Result result = answered(
                "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"instructions\":\"Be brief\",\"metadata\":{\"t\":\"1\"}}",
                text("Hello!"),
                "stop");
        JsonNode body = JSON.readTree(BatchOutputWriter.responseBody(result));
        assertThat(body.get("object").asText()).isEqualTo("response");
        assertThat(body.get("id").asText()).startsWith("resp_");
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(body.get("instructions").asText()).isEqualTo("Be brief");
        assertThat(body.at("/metadata/t").asText()).isEqualTo("1");
        assertThat(body.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(body.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
        assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("Hello!");
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(12);
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(5);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(17);
        assertThat(body.at("/text/format/type").asText()).isEqualTo("text");
        // the batch output line carries the same body
        JsonNode line = JSON.readTree(BatchOutputWriter.toOutputLine(result));
        assertThat(line.at("/response/body")).isEqualTo(body);
        assertThat(line.get("custom_id").asText()).isEqualTo("r1");
    }

    @Test
    void shouldWriteToolCallsAsFunctionCallItemsAndALengthFinishAsIncomplete() throws Exception {
        ChatMessage call = ChatMessage.newBuilder()
                .setRole("assistant")
                .setToolCallsJson("[{\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                        + "\"arguments\":\"{\\\"a\\\":1}\"}}]")
                .build();
        JsonNode calls = JSON.readTree(BatchOutputWriter.responseBody(answered(
                "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}",
                call,
                "tool_calls")));
        assertThat(calls.get("output")).hasSize(1);
        assertThat(calls.at("/output/0/type").asText()).isEqualTo("function_call");
        assertThat(calls.at("/output/0/call_id").asText()).isEqualTo("call_9");
        assertThat(calls.at("/output/0/name").asText()).isEqualTo("f");
        assertThat(calls.at("/output/0/arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(calls.at("/tools/0/name").asText()).isEqualTo("f");

        JsonNode cut = JSON.readTree(BatchOutputWriter.responseBody(
                answered("{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":3}", text("Hel"), "length")));
        assertThat(cut.get("status").asText()).isEqualTo("incomplete");
        assertThat(cut.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(cut.get("max_output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void shouldKeepChatCompletionBodiesForChatJobsAndRefuseAFailedResult() throws Exception {
        Result chat = Result.newBuilder(answered("{\"model\":\"m\",\"input\":\"x\"}", text("hi"), "stop"))
                .setMetadata(java.util.Map.of("custom_id", "r1"))
                .build();
        assertThat(JSON.readTree(BatchOutputWriter.responseBody(chat))
                        .get("object")
                        .asText())
                .isEqualTo("chat.completion");
        Result failed = Result.newBuilder(chat)
                .setStatus(ResultStatus.FAILED)
                .setOutput(null)
                .setError(ErrorInfo.newBuilder()
                        .setErrorClass(ErrorClass.BAD_REQUEST)
                        .setMessage("no")
                        .build())
                .build();
        assertThatThrownBy(() -> BatchOutputWriter.responseBody(failed)).isInstanceOf(IllegalArgumentException.class);
    }
}
