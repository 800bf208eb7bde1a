package dev.roocode.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.RoocodeCommand;
import dev.roocode.schemas.batch.BatchOutputLine;
import dev.roocode.schemas.batch.BatchOutputReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code roocode run} on the embedded stack with the model names llm-d's files and deployments use for
 * simulated models ({@code sim-model}, {@code sim-model-b}): they are ordinary names, not directives.
 */
class RunSimulatedModelNamesIT {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerLinesForSimModelAndSimModelBAndFailOnlyTheDirectiveTypo() throws Exception {
        Path input = Files.writeString(
                dir.resolve("llm-d.jsonl"),
                String.join(
                                "\n",
                                "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":16}}",
                                "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"sim-model-b\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":16}}",
                                "{\"custom_id\":\"typo\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"sim-latency-5-jtter-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}}")
                        + "\n",
                StandardCharsets.UTF_8);
        Path output = dir.resolve("out.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = RoocodeCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute(
                "run",
                input.toString(),
                "--out",
                output.toString(),
                "--data-dir",
                dir.resolve("data").toString(),
                "--partitions",
                "1",
                "--no-progress");

        assertThat(out.toString())
                .as("stdout:\n%s\nstderr:\n%s", out, err)
                .contains("succeeded  2")
                .contains("failed     1");
        List<BatchOutputLine> lines = BatchOutputReader.read(output);
        assertThat(lines).extracting(BatchOutputLine::customId).containsExactly("a", "b", "typo");
        assertThat(lines.get(0).response().statusCode()).isEqualTo(200);
        assertThat(lines.get(1).response().statusCode()).isEqualTo(200);
        assertThat(lines.get(1)
                        .response()
                        .body()
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isNotBlank();
        assertThat(lines.get(2).succeeded()).isFalse();
        assertThat(Files.readAllLines(output).get(2)).contains("jtter");
        assertThat(exit).as("stdout:\n%s\nstderr:\n%s", out, err).isZero();
    }
}
