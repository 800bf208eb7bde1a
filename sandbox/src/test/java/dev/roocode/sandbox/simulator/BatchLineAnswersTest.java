package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.sandbox.simulator.batch.BatchLine;
import dev.roocode.sandbox.simulator.batch.BatchSettings;
import dev.roocode.sandbox.simulator.batch.LineAnswerer;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import dev.roocode.sandbox.simulator.batch.SimFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch lines are answered by the realtime pipeline: the same directives, faults and bodies. */
class BatchLineAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock();
    private final OpenAiWireFormat openAi = new OpenAiWireFormat();
    private final LineAnswerer answerer = new SimulatorHandler(
                    ProviderSimulator.FORMATS,
                    List.of(),
                    null,
                    42,
                    clock,
                    60_000,
                    new CallCounter(),
                    new SimBatches(clock, BatchSettings.DEFAULTS, 42),
                    new SimFiles(clock))
            .batchContext()
            .answerer(openAi, line -> new BatchContext.LineCall(Operation.CHAT, "/v1/chat/completions", line.body()));

    @Test
    void shouldAnswerALineWithTheRealtimeChatBody() throws Exception {
        LineAnswerer.Answer answer = answerer.answer(line("gpt-4o-mini", "hello"), "batch_1/a");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(ChatReply.PREFIX + "hello");
    }

    @Test
    void shouldApplyTheModelsDirectivesToALine() throws Exception {
        LineAnswerer.Answer down = answerer.answer(line("sim-down", "x"), "batch_1/a");
        LineAnswerer.Answer flaky = answerer.answer(line("sim-flaky-100", "x"), "batch_1/b");
        LineAnswerer.Answer typo = answerer.answer(line("sim-flaky-x", "x"), "batch_1/c");

        assertThat(down.status()).isEqualTo(503);
        assertThat(flaky.status()).isIn(500, 503);
        assertThat(JSON.readTree(flaky.body()).path("error").path("type").asText())
                .isEqualTo("server_error");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(JSON.readTree(typo.body()).at("/error/param").asText()).isEqualTo("model");
    }

    @Test
    void shouldLeaveALineOfANeverAnsweringModelOpen() {
        assertThat(answerer.answer(line("sim-timeout", "x"), "batch_1/a")).isNull();
    }

    @Test
    void shouldAnswerLatencyModelsAtOnceBecauseTheTurnaroundIsTheBatchsLatency() {
        assertThat(answerer.answer(line("sim-latency-5000-rpm-1", "x"), "batch_1/a")
                        .status())
                .isEqualTo(200);
        assertThat(answerer.answer(line("sim-latency-5000-rpm-1", "y"), "batch_1/b")
                        .status())
                .as("batch lines do not count against rate limits")
                .isEqualTo(200);
    }

    @Test
    void shouldRenderInjectedFailuresInTheFormatsErrorShape() throws Exception {
        byte[] error = answerer.error(line("gpt-4o-mini", "x"), 500, SimBatches.PARTIAL_FAILURE);

        assertThat(JSON.readTree(error).at("/error/message").asText()).isEqualTo(SimBatches.PARTIAL_FAILURE);
        assertThat(JSON.readTree(error).at("/error/type").asText()).isEqualTo("server_error");
    }

    private static BatchLine line(String model, String text) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        return new BatchLine("a", "/v1/chat/completions", body.getBytes(StandardCharsets.UTF_8));
    }
}
