package dev.roocode.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run and sandbox say why they cannot start or had to stop, in one line with the log's path. */
class EmbeddedStartTest {
    @TempDir
    Path dir;

    private Path input() throws Exception {
        return Files.writeString(
                dir.resolve("one.jsonl"),
                "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n");
    }

    @Test
    void shouldRefuseToStartWhenTheDataDirHasLessFreeSpaceThanTheMinimum() throws Exception {
        Path data = dir.resolve("data");

        Cli.Run run = new Cli(dir.resolve("config"))
                .run("run", input().toString(), "--data-dir", data.toString(), "--min-free-space", "1000000TB");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err())
                .as(run.toString())
                .startsWith("roocode: only ")
                .contains(" free on the disk of " + data + ", less than --min-free-space 1000000 TiB")
                .hasLineCount(1);
        assertThat(data.resolve("kafka")).as("nothing started").doesNotExist();
    }

    @Test
    void shouldSayWhyTheStackCouldNotStartAndWhereTheLogIs() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("kafka"));
        Files.writeString(data.resolve("kafka").resolve("notes.txt"), "not a broker's\n");

        Cli.Run run = new Cli(dir.resolve("config"))
                .run("sandbox", "--data-dir", data.toString(), "--no-profile", "--run-for", "1s");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err())
                .as(run.toString())
                .contains("roocode: the embedded Roocode could not start: ")
                .contains("is neither empty nor a Kafka data directory")
                .contains("(details in " + data.toAbsolutePath().normalize().resolve("roocode.log") + ")");
    }

    @Test
    void shouldPrintOneLineWhenKafkaStopsTheProcess() throws Exception {
        StringWriter err = new StringWriter();
        List<Integer> halted = new ArrayList<>();
        Path log = dir.resolve("roocode.log");
        try (AutoCloseable reporting = EmbeddedStart.reportBrokerExit(new PrintWriter(err), dir, log, halted::add)) {
            Exit.halt(1, "Shutdown broker because all log dirs in " + dir + " have failed");
        }

        assertThat(halted).containsExactly(1);
        assertThat(err.toString())
                .isEqualTo(
                        "roocode: the embedded Kafka broker stopped the process (Shutdown broker because all log dirs in "
                                + dir + " have failed); details in " + log + System.lineSeparator());
    }
}
