package dev.roocode.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.service.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** roocode-api's start-up failures: one line on stderr naming the file or key, exit 2, no stack trace. */
class ApiMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureErr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

    @Test
    void shouldExit2WithOneLineWhenTheConfigFileIsMissing() {
        int code = ApiMain.run(new String[] {dir.resolve("nope.properties").toString()}, Map.of());

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr())
                .isEqualTo("configuration error: config file " + dir.resolve("nope.properties") + " does not exist");
    }

    @Test
    void shouldExit2NamingTheKeyWhenASettingIsInvalid() throws Exception {
        Path file = dir.resolve("api.properties");
        Files.writeString(file, "bootstrap.servers=localhost:9092\nschema.registry.url=http://localhost:8081\n");

        int code = ApiMain.run(new String[] {file.toString()}, Map.of("ROOCODE_API_HTTP_WORKER_THREADS", "zero"));

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr())
                .startsWith("configuration error: ")
                .contains(ApiConfig.WORKER_THREADS)
                .doesNotContain("\n");
    }

    @Test
    void shouldExit2WhenTheApiWouldServeNoPort() throws Exception {
        Path file = dir.resolve("api.properties");
        Files.writeString(
                file, "bootstrap.servers=localhost:9092\nschema.registry.url=http://localhost:8081\nhttp.port=-1\n");

        int code = ApiMain.run(new String[] {file.toString()}, Map.of());

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr()).startsWith("configuration error: http.port=-1").doesNotContain("\n");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8).strip();
    }
}
