package dev.roocode.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.bench.BenchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerScenarioTest {
    @Test
    void shouldReadReadyAndTheSummaryOfBothPrograms() {
        String roocode = "Starting embedded Roocode ...\nReady in 18.2 s. Running f.jsonl as batch b-1\n\n"
                + "Batch b-1: 10000 lines in 7.5 s (1333.3 jobs/s)\n  succeeded  10000\n";
        String script = "Ready in 0.9 s\n\nBatch peer: 10000 lines in 9.8 s (1020.4 jobs/s)\n";

        assertThat(RunOutput.isReady("Ready in 18.2 s. Running f.jsonl as batch b-1"))
                .isTrue();
        assertThat(RunOutput.isReady("WARN worker Ready in 3 s")).isFalse();
        assertThat(RunOutput.isSummary("Batch b-1: 10000 lines in 7.5 s (1333.3 jobs/s)"))
                .isTrue();
        assertThat(RunOutput.batchSeconds(roocode)).hasValue(7.5);
        assertThat(RunOutput.batchSeconds(script)).hasValue(9.8);
        assertThat(RunOutput.batchSeconds("Ready in 1 s\n")).isEmpty();
    }

    @Test
    void shouldCountCpuAfterStartUpAsTheWholeRunLessTheCpuUntilReady() {
        Measured m = new Measured(
                0,
                Duration.ofSeconds(20),
                Duration.ofSeconds(10),
                Duration.ofSeconds(18),
                Duration.ofSeconds(8),
                Duration.ofSeconds(30),
                Duration.ofSeconds(12),
                Duration.ofSeconds(27),
                1L << 30);

        assertThat(m.wholeRunJobsPerSecond(10_000)).isCloseTo(500, within(1e-9));
        assertThat(m.batchJobsPerSecond(10_000)).isCloseTo(1250, within(1e-9));
        assertThat(m.cpuMicrosPerJob(10_000)).isCloseTo(3000, within(1e-9));
        assertThat(m.cpuMicrosPerJobAfterStartup(10_000)).isCloseTo(1800, within(1e-9));
        assertThat(m.cpuMicrosPerJobBatchPhase(10_000)).isCloseTo(1500, within(1e-9));
        Measured noReady =
                new Measured(1, Duration.ofSeconds(1), null, null, null, Duration.ofSeconds(1), null, null, 0);
        assertThat(noReady.cpuMicrosPerJobAfterStartup(10)).isNaN();
        assertThat(noReady.batchJobsPerSecond(10)).isNaN();
    }

    @Test
    void shouldUseRoocodePythonWhenItHasTheSdkElsePython3ElseSayHowToGetOne() {
        assertThat(PythonFinder.choose("/venv/bin/python", p -> p.equals("/venv/bin/python")))
                .isEqualTo("/venv/bin/python");
        assertThat(PythonFinder.choose(null, p -> p.equals("python3"))).isEqualTo("python3");
        assertThatThrownBy(() -> PythonFinder.choose("/venv/bin/python", "python3"::equals))
                .isInstanceOf(BenchOptions.BadOption.class)
                .hasMessageContaining("ROOCODE_PYTHON=/venv/bin/python cannot 'import openai'");
        assertThatThrownBy(() -> PythonFinder.choose("", p -> false))
                .isInstanceOf(BenchOptions.BadOption.class)
                .hasMessageContaining("no Python with the openai SDK: set ROOCODE_PYTHON");
    }

    @Test
    void shouldParseLatenciesAndRejectOthers() {
        assertThat(PeerScenario.latencies("0, 200")).containsExactly(0, 200);
        assertThatThrownBy(() -> PeerScenario.latencies("0,fast"))
                .isInstanceOf(BenchOptions.BadOption.class)
                .hasMessageContaining("--latencies");
        assertThatThrownBy(() -> PeerScenario.latencies("-5")).isInstanceOf(BenchOptions.BadOption.class);
    }

    @Test
    void shouldWriteChatLinesForTheLatencysModelWithUniqueCustomIds(@TempDir Path dir) throws Exception {
        Path file = PeerScenario.writeBatchFile(dir.resolve("f.jsonl"), 3, "sim-latency-200");
        List<String> lines = Files.readAllLines(file);

        assertThat(lines).hasSize(3);
        assertThat(PeerOutputs.customIds(lines)).containsExactly("chat-1", "chat-2", "chat-3");
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.path("url").asText()).isEqualTo("/v1/chat/completions");
        assertThat(first.path("body").path("model").asText()).isEqualTo("sim-latency-200");
        assertThat(first.path("body").path("messages")).hasSize(2);
    }

    @Test
    void shouldSeeWhenTheLauncherBuiltTheCliBeforeRunning() {
        assertThat(PeerScenario.builds(
                        "roocode: building (first use or sources changed; takes a minute) ...\nroocode 0.1"))
                .isTrue();
        assertThat(PeerScenario.builds("roocode 0.1.0-SNAPSHOT\n")).isFalse();
    }
}
