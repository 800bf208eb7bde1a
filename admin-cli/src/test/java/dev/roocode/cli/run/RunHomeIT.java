package dev.roocode.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roocode run} with no --data-dir: its data under $ROOCODE_HOME, private to its user. */
class RunHomeIT {
    @TempDir
    Path dir;

    @Test
    void shouldKeepItsDataUnderRoocodeHomeWithOwnerOnlyFoldersAndFiles() throws Exception {
        Path home = dir.resolve("home");
        Path input = Files.writeString(
                dir.resolve("one.jsonl"),
                "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n");
        Cli cli = new Cli(dir.resolve("config"));
        cli.env().put(CliContext.HOME_ENV, home.toString());

        Cli.Run run = cli.run("run", input.toString(), "--partitions", "1", "--no-progress");

        assertThat(run.exit()).as(run.toString()).isZero();
        Path data = home.resolve("data");
        assertThat(run.out())
                .as(run.toString())
                .contains("Starting embedded Roocode (data in " + data + "; log: " + data.resolve("roocode.log") + ")");
        assertThat(data.resolve("kafka")).isDirectory();
        if (!data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        assertThat(mode(home)).as("created home").isEqualTo("rwx------");
        List<Path> all;
        try (Stream<Path> walk = Files.walk(data)) {
            all = walk.toList();
        }
        assertThat(all).as("files of the run").hasSizeGreaterThan(10);
        assertThat(all.stream().filter(Files::isDirectory))
                .allSatisfy(d -> assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------"));
        assertThat(all.stream().filter(Files::isRegularFile))
                .allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
