package dev.roocode.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.RoocodeCommand;
import dev.roocode.connectors.execution.ProviderGuard;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.schemas.batch.BatchOutputLine;
import dev.roocode.schemas.batch.BatchOutputReader;
import java.beans.PropertyChangeListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code roocode run} through picocli, on its own embedded broker, with good and bad lines. */
class RunCommandIT {
    @TempDir
    Path dir;

    @Test
    void shouldAnswerEveryLineInOrderAndRunTheSameFileTwice() throws Exception {
        Path input = dir.resolve("mixed.jsonl");
        Files.writeString(
                input,
                String.join(
                                "\n",
                                "{\"custom_id\":\"chat-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Summarize.\"},{\"role\":\"user\",\"content\":\"Kafka is a log.\"}],\"max_tokens\":40}}",
                                "this line is not JSON",
                                "{\"custom_id\":\"embed-1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}}",
                                "{\"custom_id\":\"chat-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"dup\"}]}}",
                                "{\"custom_id\":\"bad-url\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{\"model\":\"dall-e-3\"}}",
                                "{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}",
                                "{\"custom_id\":\"no-body\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}",
                                "{\"custom_id\":\"chat-2\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}}")
                        + "\n",
                StandardCharsets.UTF_8);
        Path output = dir.resolve("out.jsonl");

        for (int run = 1; run <= 2; run++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = execute(
                    out,
                    err,
                    "run",
                    input.toString(),
                    "--out",
                    output.toString(),
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--partitions",
                    "2");

            assertThat(exit)
                    .as("run %d\nstdout:\n%s\nstderr:\n%s", run, out, err)
                    .isZero();
            assertThat(out.toString())
                    .contains("succeeded  3")
                    .contains("failed     0")
                    .contains("invalid    5")
                    .contains("Results: " + output);
            List<BatchOutputLine> lines = BatchOutputReader.read(output);
            assertThat(lines).hasSize(8);
            assertThat(lines.get(0).customId()).isEqualTo("chat-1");
            assertThat(lines.get(0).response().statusCode()).isEqualTo(200);
            assertThat(lines.get(0)
                            .response()
                            .body()
                            .path("choices")
                            .get(0)
                            .path("message")
                            .path("content")
                            .asText())
                    .isNotBlank();
            assertThat(lines.get(2).response().body().path("data")).hasSize(2);
            assertThat(lines.get(1).error().code()).isEqualTo("invalid_json");
            assertThat(lines.get(3).error().code()).isEqualTo("duplicate_custom_id");
            assertThat(lines.get(4).error().code()).isEqualTo("unsupported_url");
            assertThat(lines.get(5).error().code()).isEqualTo("missing_custom_id");
            assertThat(lines.get(6).error().code()).isEqualTo("missing_body");
            assertThat(lines.get(7).customId()).isEqualTo("chat-2");
            assertThat(out.toString()).contains("served by  sim 3, no provider 5");
            assertThat(lines.get(0).served()).satisfies(served -> {
                assertThat(served.servedBy()).isEqualTo("sim");
                assertThat(served.model()).isNotBlank();
                assertThat(served.attempts()).isEqualTo(1);
                assertThat(served.fellBack()).isFalse();
            });
            assertThat(lines.get(1).served()).isEqualTo(BatchOutputLine.Served.NONE);
        }
    }

    /**
     * A provider answering 10% of calls with 500 or 503 (the simulator's {@code flaky-10}), default
     * settings: every line is answered, as the providers' SDKs manage, because the worker retries
     * server errors within the provider's attempt budget instead of turning them into error lines.
     */
    @Test
    void shouldLoseNoLineToAProviderFailingOneCallInTenWithServerErrors() throws Exception {
        int count = 400;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("{\"custom_id\":\"flaky-")
                    .append(i)
                    .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",")
                    .append("\"body\":{\"model\":\"sim-flaky-10\",\"messages\":[{\"role\":\"user\",\"content\":\"line ")
                    .append(i)
                    .append("\"}]}}\n");
        }
        Path input = Files.writeString(dir.resolve("flaky.jsonl"), lines.toString());
        Path output = dir.resolve("flaky.out.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = execute(
                out,
                err,
                "run",
                input.toString(),
                "--out",
                output.toString(),
                "--data-dir",
                dir.resolve("data-flaky").toString(),
                "--partitions",
                "2",
                "--no-progress");

        assertThat(exit).as("stdout:\n%s\nstderr:\n%s", out, err).isZero();
        assertThat(out.toString()).contains("succeeded  " + count).contains("failed     0");
        List<BatchOutputLine> results = BatchOutputReader.read(output);
        assertThat(results).hasSize(count);
        assertThat(results).as("no error lines").allSatisfy(line -> {
            assertThat(line.error()).isNull();
            assertThat(line.response().statusCode()).isEqualTo(200);
        });
    }

    @Test
    void shouldRunAnAzureStyleFileToTheEndWithBadBytesAnOversizeLineAndUnusualIds() throws Exception {
        Path input = dir.resolve("azure.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // the shapes of Azure OpenAI's documented batch files: urls without /v1
        bytes.writeBytes(
                ("{\"custom_id\": \"task-0\", \"method\": \"POST\", \"url\": \"/chat/completions\", \"body\": {\"model\": "
                                + "\"gpt-4o-mini\", \"messages\": [{\"role\": \"system\", \"content\": \"You are an AI assistant that helps people find "
                                + "information.\"}, {\"role\": \"user\", \"content\": \"When was Microsoft founded?\"}]}}\n")
                        .getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(
                ("{\"custom_id\": \"task-1\", \"method\": \"POST\", \"url\": \"/embeddings\", \"body\": {\"model\": "
                                + "\"text-embedding-3-small\", \"input\": \"Microsoft\"}}\n")
                        .getBytes(StandardCharsets.UTF_8));
        // a line saved as ISO-8859-1: one byte that is not UTF-8
        bytes.writeBytes(chatLine("latin-1", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(chatLine("a\\tb", "tab in the id").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(chatLine("\uD83D\uDE80", "emoji id").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(chatLine("huge", "x".repeat(1_100_000)).getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(chatLine("task-2", "still runs").getBytes(StandardCharsets.UTF_8));
        Files.write(input, bytes.toByteArray());
        Path output = dir.resolve("azure.out.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = execute(
                out,
                err,
                "run",
                input.toString(),
                "--out",
                output.toString(),
                "--data-dir",
                dir.resolve("data-azure").toString(),
                "--partitions",
                "2",
                "--no-progress",
                "--timeout",
                "3m");

        assertThat(exit).as("stdout:\n%s\nstderr:\n%s", out, err).isZero();
        assertThat(out.toString())
                .contains("succeeded  4")
                .contains("failed     0")
                .contains("invalid    3");
        List<BatchOutputLine> lines = BatchOutputReader.read(output);
        assertThat(lines)
                .extracting(BatchOutputLine::customId)
                .containsExactly("task-0", "task-1", null, "a\tb", "\uD83D\uDE80", "huge", "task-2");
        assertThat(lines.get(0).response().statusCode()).isEqualTo(200);
        assertThat(lines.get(1).response().body().path("data")).hasSize(1);
        assertThat(lines.get(2).error().code()).isEqualTo("invalid_json");
        assertThat(lines.get(2).error().message()).isEqualTo("line 3: line is not valid UTF-8");
        assertThat(lines.get(3).error().code()).isEqualTo("invalid_custom_id");
        assertThat(lines.get(4).response().statusCode())
                .as("an emoji id reaches the provider")
                .isEqualTo(200);
        assertThat(lines.get(5).error().code()).isEqualTo("line_too_long");
        assertThat(lines.get(6).response().statusCode()).isEqualTo(200);
    }

    private static String chatLine(String customId, String content) {
        return "{\"custom_id\":\"" + customId
                + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}}\n";
    }

    @Test
    void shouldRunWithTheProvidersAndRoutesOfAProvidersFile() throws Exception {
        try (ProviderSimulator keyed =
                ProviderSimulator.builder().apiKey("sk-file-key-1").build().start()) {
            Path key = Files.writeString(dir.resolve("key.txt"), "sk-file-key-1\n");
            Path providers = Files.writeString(
                    dir.resolve("providers.yaml"),
                    String.join(
                            "\n",
                            "providers:",
                            "  - name: priced",
                            "    type: openai-compatible",
                            "    endpoint: " + keyed.url() + "/v1",
                            "    credential: {file: " + key + "}",
                            "    models:",
                            "      - {model: gpt-4o-mini, providerModel: sim-latency-5, inputPrice: 1000, outputPrice: 2000}",
                            "    retries: 1",
                            "routes:",
                            "  - {model: gpt-4o-mini, aliases: [small], strategy: priority, candidates: [priced]}",
                            ""));
            Path input = Files.writeString(
                    dir.resolve("two.jsonl"),
                    String.join(
                                    "\n",
                                    "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}",
                                    "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"ho\"}]}}")
                            + "\n");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int exit = execute(
                    out,
                    err,
                    "run",
                    input.toString(),
                    "--providers",
                    providers.toString(),
                    "--data-dir",
                    dir.resolve("data-p").toString(),
                    "--partitions",
                    "2",
                    "--no-progress");

            assertThat(exit).as("stdout:\n%s\nstderr:\n%s", out, err).isZero();
            assertThat(out.toString()).contains("succeeded  2");
            assertThat(out.toString()).doesNotContain("cost       $0.000000");
            assertThat(keyed.totalCalls()).isEqualTo(2);
            assertThat(out.toString()).contains("served by  priced 2");
            assertThat(BatchOutputReader.read(dir.resolve("two.results.jsonl")))
                    .extracting(BatchOutputLine::served)
                    .containsOnly(new BatchOutputLine.Served("priced", "sim-latency-5", 1, false));
        }
    }

    @Test
    void shouldStopCallingAProviderThatRejectsTheKeyAndSayWhyOnEveryLine() throws Exception {
        try (ProviderSimulator keyed =
                ProviderSimulator.builder().apiKey("sk-right-key-1").build().start()) {
            Path key = Files.writeString(dir.resolve("wrong.txt"), "sk-wrong-key-1\n");
            int window = 4;
            Path providers = Files.writeString(
                    dir.resolve("wrong.yaml"),
                    String.join(
                            "\n",
                            "name: rejected",
                            "type: openai-compatible",
                            "endpoint: " + keyed.url() + "/v1",
                            "credential: {file: " + key + "}",
                            "models: [{model: gpt-4o-mini}]",
                            "limits: {maxConcurrency: " + window + "}",
                            ""));
            int count = 150;
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < count; i++) {
                lines.append(chatLine("k" + i, "hello " + i));
            }
            Path input = Files.writeString(dir.resolve("rejected.jsonl"), lines.toString());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            execute(
                    out,
                    err,
                    "run",
                    input.toString(),
                    "--providers",
                    providers.toString(),
                    "--data-dir",
                    dir.resolve("data-k").toString(),
                    "--partitions",
                    "2",
                    "--no-progress");

            assertThat(out.toString()).as("stdout:\n%s\nstderr:\n%s", out, err).contains("failed     " + count);
            assertThat(keyed.totalCalls())
                    .as("the first refusals in flight, then no more calls")
                    .isLessThanOrEqualTo(ProviderGuard.DEFAULT_CREDENTIAL_REJECTIONS + window);
            List<String> results = Files.readAllLines(dir.resolve("rejected.results.jsonl"));
            assertThat(results).hasSize(count);
            assertThat(results.stream()
                            .filter(line -> line.contains("credential rejected at")
                                    || line.contains("credential of provider rejected rejected at")))
                    .as("lines failed without a call name the rejected credential")
                    .hasSizeGreaterThanOrEqualTo(count - ProviderGuard.DEFAULT_CREDENTIAL_REJECTIONS - window);
            assertThat(String.join("\n", results) + out + err).doesNotContain("sk-wrong-key-1");
        }
    }

    @Test
    void shouldNameAMissingKeyVariableOfAProvidersFileBeforeStarting() throws Exception {
        Path providers = Files.writeString(
                dir.resolve("env.yaml"),
                "name: p\ntype: openai-compatible\nendpoint: http://localhost:1/v1\ncredential: {env: ROOCODE_TEST_UNSET_KEY}\nmodels: [{model: m}]\n");
        Path input = Files.writeString(dir.resolve("one.jsonl"), "{}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = execute(
                out,
                err,
                "run",
                input.toString(),
                "--providers",
                providers.toString(),
                "--data-dir",
                dir.resolve("never").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("env.yaml: provider p: environment variable ROOCODE_TEST_UNSET_KEY is not set")
                .doesNotContain("Exception");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    /**
     * Issue #21: the run's log says where its start-up and exit time went: each start step, ready, the first and
     * last Result, and each part's stop, so a slow start or exit can be read from {@code roocode.log}.
     */
    @Test
    void shouldLogEachStartStepTheResultsAndEachPartsStopTime() throws Exception {
        Path input = dir.resolve("one.jsonl");
        Files.writeString(
                input,
                "{\"custom_id\":\"chat-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                        + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}}\n",
                StandardCharsets.UTF_8);
        List<String> logged = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender capture = new AbstractAppender("phases", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        // run moves the log into its data folder, which reconfigures log4j: attach again after each reconfiguration
        Runnable attach = () -> {
            LoggerConfig roocode = context.getConfiguration().getLoggerConfig("dev.roocode");
            if (!roocode.getAppenders().containsKey("phases")) { // updateLoggers() fires the listener again
                roocode.addAppender(capture, Level.INFO, null);
                context.updateLoggers();
            }
        };
        PropertyChangeListener reattach = event -> attach.run();
        attach.run();
        context.addPropertyChangeListener(reattach);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try {
            exit = execute(
                    out,
                    err,
                    "run",
                    input.toString(),
                    "--out",
                    dir.resolve("out.jsonl").toString(),
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--no-progress");
        } finally {
            context.removePropertyChangeListener(reattach);
            context.getConfiguration().getLoggerConfig("dev.roocode").removeAppender("phases");
            context.updateLoggers();
        }

        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(logged)
                .as("logged")
                .anyMatch(line -> line.matches("start step 'starting Kafka broker' took \\d+ ms"))
                .anyMatch(line -> line.matches("topics: \\d+ created, \\d+ existing, all with leaders in \\d+ ms"))
                .anyMatch(line -> line.matches("start step 'starting processor and connectors' took \\d+ ms"))
                .anyMatch(line -> line.matches("ready in \\d+ ms"))
                .anyMatch(line -> line.matches("first Result \\d+ ms after submission began"))
                .anyMatch(line -> line.matches("last Result \\d+ ms after submission began"))
                .anyMatch(line -> line.matches("stop 'ProcessorApp' took \\d+ ms"))
                .anyMatch(line -> line.matches("stop 'EmbeddedKafka' took \\d+ ms"))
                .anyMatch(line -> line.matches("client and stack closed in \\d+ ms \\(\\d+ ms after the summary\\)"));
    }

    @Test
    void shouldRejectMissingFileWithOneLineUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = execute(out, err, "run", dir.resolve("nope.jsonl").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no such file").doesNotContain("Exception");
    }

    private static int execute(StringWriter out, StringWriter err, String... args) {
        CommandLine commandLine = RoocodeCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
