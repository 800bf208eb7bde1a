package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.contract.ContractJobs;
import dev.roocode.connectors.provider.contract.SteadyServer;
import dev.roocode.connectors.testing.SharedFiles;
import dev.roocode.core.provider.JobField;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The create-batch bodies of the Anthropic and Gemini batch clients, for chat jobs using every field the type
 * honours, sent to Steady serving the providers' published specs: each must pass its validation
 * ({@code X-Steady-Error-Count: 0}, not 400), as the realtime bodies do in {@code ProviderSpecConformanceIT}.
 * Without the shared folder or Steady it skips with a notice; with {@code CI=true} it fails.
 */
class BatchSpecConformanceIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static SteadyServer anthropic;
    private static SteadyServer gemini;

    @BeforeAll
    static void startSteady() throws Exception {
        Path specs = SharedFiles.file("specs/anthropic-openapi.json").getParent();
        Path steady = Path.of(System.getProperty("steady.bin", "target/steady/node_modules/.bin/steady"));
        if (!Files.isExecutable(steady)) {
            String notice = "Steady not installed at " + steady.toAbsolutePath();
            if (SharedFiles.required()) {
                Assertions.fail(notice + " and it is required (CI=true)");
            }
            System.out.println("NOTICE: skipping batch spec conformance, " + notice);
            Assumptions.abort(notice);
        }
        Path logs = Path.of("target", "steady-logs");
        anthropic = SteadyServer.start(steady, specs.resolve("anthropic-openapi.json"), logs);
        gemini = SteadyServer.start(steady, specs.resolve("gemini-openapi.json"), logs);
    }

    @AfterAll
    static void stopSteady() {
        for (SteadyServer server : new SteadyServer[] {anthropic, gemini}) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Two lines: one with every chat field the type honours, one plain. */
    private static List<BatchLine> lines(String type, String model) {
        Set<JobField> fields = EnumSet.noneOf(JobField.class);
        for (JobField field : ProviderAdapters.forType(type).descriptor().supportedFields()) {
            if (field.chat()) {
                fields.add(field);
            }
        }
        return List.of(
                new BatchLine("full", dispatched(ContractJobs.chat("r-full", fields), type, model)),
                new BatchLine(
                        "plain", dispatched(ContractJobs.chat("r-plain", EnumSet.of(JobField.MESSAGES)), type, model)));
    }

    @Test
    void anthropicMessageBatchConformsToTheAnthropicSpec() throws Exception {
        try (ScriptedProvider capture = new ScriptedProvider()) {
            capture.answer("POST /v1/messages/batches", 200, "{\"id\":\"msgbatch_1\"}");
            new AnthropicBatchApi(
                            provider("claude", capture.endpoint())
                                    .setType("anthropic")
                                    .build(),
                            "key",
                            HttpTransport.over(HTTP, Clock.systemUTC()))
                    .submit("group-1", lines("anthropic", "claude-sonnet-4-5"));
            ScriptedProvider.Seen post =
                    capture.seen("POST", "/v1/messages/batches").get(0);
            assertConforms(anthropic, "/v1/messages/batches", post);
        }
    }

    @Test
    void geminiBatchConformsToTheGeminiSpec() throws Exception {
        try (ScriptedProvider capture = new ScriptedProvider()) {
            capture.answer(
                    "POST /v1beta/models/gemini-2.5-flash:batchGenerateContent", 200, "{\"name\":\"batches/b1\"}");
            new GeminiBatchApi(
                            provider("g", capture.endpoint()).setType("gemini").build(),
                            "key",
                            HttpTransport.over(HTTP, Clock.systemUTC()))
                    .submit("group-1", lines("gemini", "gemini-2.5-flash"));
            ScriptedProvider.Seen post = capture.seen("POST", "/v1beta/models/gemini-2.5-flash:batchGenerateContent")
                    .get(0);
            // the spec's server URL holds /v1beta; its modelsId parameter is documented as models/{model}
            assertConforms(gemini, "/models/models%2Fgemini-2.5-flash:batchGenerateContent", post);
        }
    }

    private static void assertConforms(SteadyServer steady, String path, ScriptedProvider.Seen post) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(steady.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(post.body()));
        for (String header : List.of("x-api-key", "anthropic-version", "x-goog-api-key", "content-type")) {
            if (post.header(header) != null) {
                request.header(header, post.header(header));
            }
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        StringBuilder errors = new StringBuilder();
        answer.headers().map().forEach((name, values) -> {
            if (name.toLowerCase().matches("x-steady-error-\\d+-(message|path)")) {
                errors.append(name).append('=').append(values.get(0)).append("; ");
            }
        });
        assertThat(answer.headers().firstValue("x-steady-error-count"))
                .as("%s: %s (body %s)", path, errors, post.body())
                .contains("0");
        assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(400).isLessThan(500);
    }
}
