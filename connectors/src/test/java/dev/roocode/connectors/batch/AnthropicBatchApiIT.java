package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.execution.ManualTime;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.batch.BatchSettings;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import dev.roocode.schemas.avro.ErrorClass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AnthropicBatchApi} against the simulator's Message Batches on a manual clock: the lifecycle with
 * errored and expired lines, find after a restart, a results file with a line missing and one never sent
 * (the simulator's result faults), cancellation, refusals; and the simulator's answers checked against
 * anthropic-openapi.json.
 */
class AnthropicBatchApiIT {
    private static final String KEY = "sim-key-anthropic-0123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ManualTime clock = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private ProviderSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private AnthropicBatchApi start(BatchSettings settings) {
        sim = ProviderSimulator.builder()
                .apiKey(KEY)
                .clock(clock)
                .batchSettings(settings)
                .build()
                .start();
        return client(KEY);
    }

    private AnthropicBatchApi client(String key) {
        return new AnthropicBatchApi(
                provider("claude", sim.url()).setType("anthropic").build(),
                key,
                HttpTransport.over(HTTP, Clock.systemUTC()));
    }

    private static List<BatchLine> lines(int count) {
        List<BatchLine> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add(new BatchLine(
                    "line-" + i, dispatched(chatJob("r" + i, "question " + i).build(), "claude", "claude-sim")));
        }
        return lines;
    }

    @Test
    void shouldAnswerErrorAndExpireLinesAndBeFoundAfterARestartOnceEnded() throws Exception {
        // 5 lines with the marker: 2 fail, 2 are left to expire at the 3-hour window, 1 succeeds
        AnthropicBatchApi api = start(BatchSettings.DEFAULTS
                .withTurnaround(Duration.ofHours(2))
                .withWindow(Duration.ofHours(3))
                .withFailedFraction(0.4)
                .withExpiredFraction(0.4));

        ProviderBatchRef ref = api.submit("group-1", lines(4));

        ProviderBatchStatus running = api.status(ref);
        assertThat(running.state()).isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        assertThat(running.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(3)));
        assertSpec("MessageBatch", get("/v1/messages/batches/" + ref.id()));
        AnthropicBatchApi restarted = client(KEY);
        // Anthropic shows results only once a batch has ended: a running batch cannot be recognised
        assertThat(restarted.find("group-1")).isEmpty();

        clock.advance(Duration.ofHours(2));
        assertThat(api.status(ref).state()).isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        clock.advance(Duration.ofHours(1));
        ProviderBatchStatus ended = api.status(ref);

        assertThat(ended.state()).isEqualTo(ProviderBatchStatus.State.EXPIRED);
        assertThat(ended.completed() + ended.failed()).isEqualTo(5);
        assertThat(restarted.find("group-1")).contains(ref);
        assertThat(restarted.find("group-2")).isEmpty();
        Map<String, LineOutcome> outcomes = restarted.results(ref);
        assertThat(outcomes).containsOnlyKeys("line-1", "line-2", "line-3", "line-4");
        List<ErrorClass> failures = outcomes.values().stream()
                .filter(LineOutcome.Failed.class::isInstance)
                .map(o -> ((LineOutcome.Failed) o).error().errorClass())
                .toList();
        assertThat(failures).contains(ErrorClass.TIMEOUT, ErrorClass.PROVIDER_ERROR);
        // the status counts the marker line too
        long succeeded = outcomes.values().stream()
                .filter(LineOutcome.Succeeded.class::isInstance)
                .count();
        assertThat(succeeded).isBetween(ended.completed() - 1, ended.completed());
        assertThat(sim.batches().creations(AnthropicBatchApi.marker("group-1"))).isEqualTo(1);
        assertSpec("ListResponse_MessageBatch_", get("/v1/messages/batches?limit=5"));
        for (String line :
                getText("/v1/messages/batches/" + ref.id() + "/results").split("\n")) {
            assertSpec("MessageBatchIndividualResponse", JSON.readTree(line));
        }
    }

    @Test
    void shouldMapAResultsFileWithALineMissingAndOneNeverSentAsItStands() throws Exception {
        AnthropicBatchApi api = start(BatchSettings.DEFAULTS);
        sim.batches().resultFaults(new SimBatches.ResultFaults(1, 1));
        ProviderBatchRef ref = api.submit("group-f", lines(3));
        clock.advance(Duration.ofSeconds(5));
        assertThat(api.status(ref).state()).isEqualTo(ProviderBatchStatus.State.COMPLETED);

        Map<String, LineOutcome> outcomes = api.results(ref);

        List<String> inFile = new ArrayList<>();
        for (String line :
                getText("/v1/messages/batches/" + ref.id() + "/results").split("\n")) {
            inFile.add(JSON.readTree(line).get("custom_id").asText());
        }
        // 4 lines sent with the marker, one left out, one never sent added
        assertThat(inFile).hasSize(4).contains("stray-1");
        assertThat(outcomes.keySet())
                .containsExactlyInAnyOrderElementsOf(inFile.stream()
                        .filter(id -> !id.equals(AnthropicBatchApi.marker("group-f")))
                        .toList());
        assertThat(outcomes.get("stray-1")).isInstanceOf(LineOutcome.Succeeded.class);
    }

    @Test
    void shouldCancelARunningBatchSoItsLinesFailForAnotherProvider() throws Exception {
        AnthropicBatchApi api = start(BatchSettings.DEFAULTS.withTurnaround(Duration.ofHours(2)));
        ProviderBatchRef ref = api.submit("group-c", lines(2));

        api.cancel(ref);

        ProviderBatchStatus status = api.status(ref);
        assertThat(status.state()).isEqualTo(ProviderBatchStatus.State.CANCELLED);
        Map<String, LineOutcome> outcomes = api.results(ref);
        assertThat(outcomes).containsOnlyKeys("line-1", "line-2");
        assertThat(outcomes.values())
                .allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(LineOutcome.Failed.class, failed -> {
                    assertThat(failed.error().elsewhere()).isTrue();
                    assertThat(failed.error().message()).contains("canceled");
                }));
        assertSpec("MessageBatch", get("/v1/messages/batches/" + ref.id()));
    }

    @Test
    void shouldRefuseABatchTheProviderRefusesAtSubmitAndCreateNone() {
        AnthropicBatchApi api = start(BatchSettings.DEFAULTS);
        List<BatchLine> bad = List.of(
                lines(1).get(0),
                new BatchLine(
                        "line-bad",
                        dispatched(
                                chatJob("rb", "x")
                                        .setExtraBodyJson("{\"max_tokens\": 0}")
                                        .build(),
                                "claude",
                                "claude-sim")));

        assertThatThrownBy(() -> api.submit("group-bad", bad)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
            // the marker is requests.0
            assertThat(e.getMessage()).contains("requests.2.params.max_tokens");
        });
        assertThatThrownBy(() -> client("wrong-key-987").submit("group-key", lines(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
                    assertThat(e.getMessage()).doesNotContain("wrong-key-987");
                });
        assertThat(sim.batches().creations()).isZero();
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(getText(path));
    }

    private String getText(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(sim.url() + path))
                        .header("x-api-key", KEY)
                        .header("anthropic-version", "2023-06-01")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static void assertSpec(String schema, JsonNode body) {
        assertThat(SpecSchemas.violations("anthropic-openapi.json", schema, body))
                .as("%s against %s", body, schema)
                .isEmpty();
    }
}
