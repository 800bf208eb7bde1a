package dev.roocode.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.testing.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One data folder, one process: the second start stops at once and names the first. */
class DataDirLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondLockInTheSameProcessNamingThisProcess() {
        Path data = dir.resolve("data");
        try (DataDirLock first = DataDirLock.acquire(data)) {
            assertThatThrownBy(() -> DataDirLock.acquire(data))
                    .isInstanceOf(CliException.class)
                    .hasMessageStartingWith("data dir " + data + " is in use by process "
                            + ProcessHandle.current().pid());
        }
        DataDirLock.acquire(data).close(); // released: free again
    }

    @Test
    void shouldRefuseRunAtOnceWhileAnotherProcessHoldsTheDataDirAndStartOnceItIsGone() throws Exception {
        Path data = dir.resolve("data");
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        data.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("locked");
            Path input = Files.writeString(
                    dir.resolve("one.jsonl"),
                    "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n");

            Cli.Run run = new Cli(dir.resolve("config")).run("run", input.toString(), "--data-dir", data.toString());

            assertThat(run.exit()).as(run.toString()).isEqualTo(CliException.FAILURE);
            assertThat(run.err())
                    .as(run.toString())
                    .contains("roocode: data dir " + data + " is in use by process " + holder.pid())
                    .doesNotContain("Exception");
            assertThat(run.out()).as("nothing printed, nothing started").isEmpty();
            assertThat(data.resolve("kafka")).as("nothing started").doesNotExist();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        DataDirLock.acquire(data).close(); // the lock died with its process, the file left behind does not block
    }
}
