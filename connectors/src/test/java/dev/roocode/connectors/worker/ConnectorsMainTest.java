package dev.roocode.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.service.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings a connectors process cannot start with: exit 2 and one line on stderr naming the file or key. */
class ConnectorsMainTest {
    @TempDir
    Path dir;

    @Test
    void shouldExit2NamingTheFileWhenTheConfigFileIsMissing() {
        Path missing = dir.resolve("nope.properties");

        Run run = run(new String[] {missing.toString()}, Map.of());

        assertThat(run.code).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.stderr).isEqualTo("configuration error: config file " + missing + " does not exist\n");
    }

    @Test
    void shouldExit2NamingTheKeyWhenAValueHasTheWrongType() throws Exception {
        Run run = run(
                file("bootstrap.servers=localhost:9092\nschema.registry.url=http://localhost:8081\nhttp.port=abc\n"));

        assertThat(run.code).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.stderr.lines())
                .singleElement()
                .asString()
                .startsWith("configuration error: ")
                .contains("http.port");
    }

    @Test
    void shouldExit2NamingTheKeyWhenAValueIsOutOfRange() throws Exception {
        Run run = run(file("bootstrap.servers=localhost:9092\nschema.registry.url=http://localhost:8081\n"
                + "shutdown.timeout.ms=-5\n"));

        assertThat(run.code).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.stderr.lines())
                .singleElement()
                .asString()
                .contains("shutdown.timeout.ms")
                .contains("-5");
    }

    @Test
    void shouldExit2NamingTheKeyWhenEnvironmentOverridesWithABadValue() throws Exception {
        Run run = run(
                new String[] {
                    file("bootstrap.servers=localhost:9092\nschema.registry.url=http://localhost:8081\n")
                            .toString()
                },
                Map.of("ROOCODE_WORKER_HTTP_THREADS", "0"));

        assertThat(run.code).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.stderr.lines()).singleElement().asString().contains("worker.http.threads");
    }

    @Test
    void shouldExit2WhenTheRegistryUrlIsMissing() throws Exception {
        Run run = run(file("bootstrap.servers=localhost:9092\n"));

        assertThat(run.code).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.stderr).isEqualTo("configuration error: schema.registry.url is not set\n");
    }

    private Path file(String text) throws Exception {
        Path file = Files.createTempFile(dir, "connectors", ".properties");
        Files.writeString(file, text);
        return file;
    }

    private static Run run(Path file) {
        return run(new String[] {file.toString()}, Map.of());
    }

    private static Run run(String[] args, Map<String, String> env) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = ConnectorsMain.run(args, env);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private record Run(int code, String stderr) {}
}
