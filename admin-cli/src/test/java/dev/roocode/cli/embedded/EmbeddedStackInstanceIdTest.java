package dev.roocode.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static membership id a data folder keeps for its stack's consumer groups. */
class EmbeddedStackInstanceIdTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepOneInstanceIdPerDataFolderAcrossStarts() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));

        String first = EmbeddedStack.instanceId(a);

        assertThat(EmbeddedStack.instanceId(a))
                .as("the same folder, next start")
                .isEqualTo(first);
        assertThat(Files.readString(a.resolve(EmbeddedStack.INSTANCE_ID_FILE)).trim())
                .isEqualTo(first);
        assertThat(EmbeddedStack.instanceId(b)).as("another folder").isNotEqualTo(first);
    }

    @Test
    void shouldReplaceADamagedInstanceIdFile() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve(EmbeddedStack.INSTANCE_ID_FILE), "no good\n");

        String id = EmbeddedStack.instanceId(a);

        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(EmbeddedStack.instanceId(a)).isEqualTo(id);
    }

    @Test
    void shouldReadThePortOfAnAddress() {
        assertThat(EmbeddedStack.portOf("localhost:41345")).isEqualTo(41345);
        assertThat(EmbeddedStack.portOf("http://localhost:8081")).isEqualTo(8081);
        assertThat(EmbeddedStack.portOf("http://localhost:8081/")).isEqualTo(8081);
    }
}
