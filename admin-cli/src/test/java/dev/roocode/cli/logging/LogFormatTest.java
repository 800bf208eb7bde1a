package dev.roocode.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.core.trace.LogFields;
import dev.roocode.core.trace.TraceParent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped log4j2.xml (not the tests' own): its file log in text and, with {@code roocode.log.format=json}, one
 * JSON object per line carrying the job's MDC fields.
 */
class LogFormatTest {
    private static final TraceParent TRACE =
            TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty("roocode.log.format");
        System.clearProperty("roocode.log.file");
        LogFields.clear();
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWithTheJobsFieldsWhenTheFormatIsJson() throws Exception {
        System.setProperty("roocode.log.format", "json");

        List<String> lines = logTwoLines();

        ObjectMapper json = new ObjectMapper();
        JsonNode withJob = json.readTree(lines.get(0));
        assertThat(withJob.path("level").asText()).isEqualTo("INFO");
        assertThat(withJob.path("logger").asText()).isEqualTo("dev.roocode.test");
        assertThat(withJob.path("message").asText()).isEqualTo("attempt \"1\" failed\tagain");
        assertThat(withJob.path("requestId").asText()).isEqualTo("b1/line-1");
        assertThat(withJob.path("batchId").asText()).isEqualTo("b1");
        assertThat(withJob.path("provider").asText()).isEqualTo("openai");
        assertThat(withJob.path("traceId").asText()).isEqualTo(TRACE.traceId());
        assertThat(withJob.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode without = json.readTree(lines.get(1));
        assertThat(without.has("requestId")).as("no job, no empty field").isFalse();
        assertThat(without.path("exception").asText()).contains("IllegalStateException: boom");
    }

    @Test
    void shouldShowTheJobsFieldsInTheTextFormat() throws Exception {
        List<String> lines = logTwoLines();

        assertThat(lines.get(0))
                .contains("requestId=b1/line-1 batchId=b1 provider=openai traceId=" + TRACE.traceId())
                .endsWith("- attempt \"1\" failed\tagain");
        assertThat(lines.get(1)).doesNotContain("requestId=");
    }

    /**
     * Every start of the embedded broker logged an ERROR with a stack trace when its controller answered its own first
     * registration before it was active; the retry makes it harmless. Other requests' errors still reach the file.
     */
    @Test
    void shouldDropTheControllersOwnFirstRegistrationErrorAndKeepTheControllersOtherErrors() throws Exception {
        Path file = logThroughShippedConfig(context -> {
            Logger controllerApis = context.getLogger("kafka.server.ControllerApis");
            controllerApis.error(
                    "[ControllerApis nodeId=1] Unexpected error handling request RequestHeader(apiKey="
                            + "CONTROLLER_REGISTRATION, apiVersion=0, clientId=1, correlationId=0, headerVersion=2) -- "
                            + "ControllerRegistrationRequestData(controllerId=1) with context RequestContext(x)",
                    new IllegalStateException("The active controller appears to be node 1."));
            controllerApis.error(
                    "[ControllerApis nodeId=1] Unexpected error handling request RequestHeader(apiKey="
                            + "CREATE_TOPICS, apiVersion=7, clientId=admin, correlationId=3, headerVersion=2) -- x",
                    new IllegalStateException("disk full"));
        });
        String logged = Files.readString(file);
        assertThat(logged).doesNotContain("CONTROLLER_REGISTRATION").doesNotContain("appears to be node 1");
        assertThat(logged).contains("apiKey=CREATE_TOPICS").contains("disk full");
    }

    /** Logs a line with a job's fields and one without (with an exception) through the shipped config; the file's lines. */
    private List<String> logTwoLines() throws Exception {
        Path file = logThroughShippedConfig(context -> {
            Logger log = context.getLogger("dev.roocode.test");
            try (LogFields.Scope fields = LogFields.put("b1/line-1", "b1", "openai", TRACE)) {
                log.info("attempt \"1\" failed\tagain");
            }
            log.warn("no job here", new IllegalStateException("boom"));
        });
        return Files.readAllLines(file).stream()
                .filter(line -> !line.startsWith("\t") && !line.startsWith("java.") && !line.isBlank())
                .toList();
    }

    /** Runs {@code logging} on a logger context of the shipped config that writes to a roocode.log here; that file. */
    private Path logThroughShippedConfig(Consumer<LoggerContext> logging) throws Exception {
        Path file = dir.resolve("roocode.log");
        System.setProperty("roocode.log.file", file.toString());
        LoggerContext context = new LoggerContext("log-format-test");
        try {
            context.setConfigLocation(config());
            logging.accept(context);
        } finally {
            context.stop();
        }
        return file;
    }

    private static URI config() throws URISyntaxException {
        return LogFormatTest.class.getResource("/log4j2.xml").toURI();
    }
}
