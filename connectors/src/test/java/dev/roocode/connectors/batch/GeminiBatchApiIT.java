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
 * {@link GeminiBatchApi} against the simulator's batch mode on a manual clock: the lifecycle with errored and
 * expired lines, find after a restart (by display name, while running), responses with a line missing and one
 * never sent (the simulator's result faults), cancellation, refusals; and the simulator's answers checked
 * against gemini-openapi.json.
 */
class GeminiBatchApiIT {
    private static final String KEY = "sim-key-gemini-0123";
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

    private GeminiBatchApi start(BatchSettings settings) {
        sim = ProviderSimulator.builder()
                .apiKey(KEY)
                .clock(clock)
                .batchSettings(settings)
                .build()
                .start();
        return client(KEY);
    }

    private GeminiBatchApi client(String key) {
        return new GeminiBatchApi(
                provider("google", sim.url()).setType("gemini").build(),
                key,
                HttpTransport.over(HTTP, Clock.systemUTC()));
    }

    private static List<BatchLine> lines(int count) {
        List<BatchLine> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add(new BatchLine(
                    "line-" + i, dispatched(chatJob("r" + i, "question " + i).build(), "google", "gemini-sim")));
        }
        return lines;
    }

    @Test
    void shouldAnswerErrorAndExpireLinesAndBeFoundAfterARestartWhileRunning() throws Exception {
        // 4 lines: 1 fails, 1 is left to expire at the 3-hour window, 2 succeed
        GeminiBatchApi api = start(BatchSettings.DEFAULTS
                .withTurnaround(Duration.ofHours(2))
                .withWindow(Duration.ofHours(3))
                .withFailedFraction(0.25)
                .withExpiredFraction(0.25));

        ProviderBatchRef ref = api.submit("group-1", lines(4));

        assertThat(api.status(ref).state()).isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        assertSpec("Operation", get("/v1beta/" + ref.id()));
        assertSpec("GenerateContentBatch", get("/v1beta/" + ref.id()).get("metadata"));
        GeminiBatchApi restarted = client(KEY);
        assertThat(restarted.find("group-1")).contains(ref);
        assertThat(restarted.find("group-2")).isEmpty();

        clock.advance(Duration.ofHours(3));
        ProviderBatchStatus ended = restarted.status(ref);

        assertThat(ended.state()).isEqualTo(ProviderBatchStatus.State.EXPIRED);
        assertThat(ended.completed()).isEqualTo(2);
        assertThat(ended.failed()).isEqualTo(1);
        Map<String, LineOutcome> outcomes = restarted.results(ref);
        // the expired line has no response: the caller sends it elsewhere as unanswered
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.keySet()).isSubsetOf("line-1", "line-2", "line-3", "line-4");
        assertThat(outcomes.values().stream().filter(LineOutcome.Succeeded.class::isInstance))
                .hasSize(2);
        assertThat(outcomes.values().stream()
                        .filter(LineOutcome.Failed.class::isInstance)
                        .map(o -> ((LineOutcome.Failed) o).error().errorClass()))
                .containsExactly(ErrorClass.PROVIDER_ERROR);
        assertThat(sim.batches().creations("group-1")).isEqualTo(1);
        JsonNode done = get("/v1beta/" + ref.id());
        assertSpec("Operation", done);
        for (JsonNode response : done.at("/response/inlinedResponses/inlinedResponses")) {
            assertSpec("InlinedResponse", response);
        }
        assertSpec("ListOperationsResponse", get("/v1beta/batches?pageSize=10"));
    }

    @Test
    void shouldMapResponsesWithALineMissingAndOneNeverSentByKey() {
        GeminiBatchApi api = start(BatchSettings.DEFAULTS);
        sim.batches().resultFaults(new SimBatches.ResultFaults(1, 1));
        ProviderBatchRef ref = api.submit("group-f", lines(3));
        clock.advance(Duration.ofSeconds(5));
        assertThat(api.status(ref).state()).isEqualTo(ProviderBatchStatus.State.COMPLETED);

        Map<String, LineOutcome> outcomes = api.results(ref);

        assertThat(outcomes).hasSize(3).containsKey("stray-1");
        assertThat(outcomes.keySet()).containsAnyOf("line-1", "line-2", "line-3");
        assertThat(outcomes.keySet().stream().filter(key -> key.startsWith("line-")))
                .hasSize(2);
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o).isInstanceOf(LineOutcome.Succeeded.class));
    }

    @Test
    void shouldCancelARunningBatch() throws Exception {
        GeminiBatchApi api = start(BatchSettings.DEFAULTS.withTurnaround(Duration.ofHours(2)));
        ProviderBatchRef ref = api.submit("group-c", lines(2));

        api.cancel(ref);

        assertThat(api.status(ref).state()).isEqualTo(ProviderBatchStatus.State.CANCELLED);
        assertThat(api.results(ref)).isEmpty();
        assertSpec("Operation", get("/v1beta/" + ref.id()));
    }

    @Test
    void shouldRefuseABatchTheProviderRefusesAtSubmitAndCreateNone() {
        GeminiBatchApi api = start(BatchSettings.DEFAULTS);
        List<BatchLine> bad = List.of(
                lines(1).get(0),
                new BatchLine(
                        "line-bad",
                        dispatched(
                                chatJob("rb", "x")
                                        .setExtraBodyJson("{\"contents\": []}")
                                        .build(),
                                "google",
                                "gemini-sim")));

        assertThatThrownBy(() -> api.submit("group-bad", bad)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
            assertThat(e.getMessage()).contains("requests[1]");
        });
        assertThatThrownBy(() -> client("wrong-key-987").submit("group-key", lines(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
                    assertThat(e.getMessage()).doesNotContain("wrong-key-987");
                });
        assertThat(sim.batches().creations()).isZero();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(sim.url() + path))
                        .header("x-goog-api-key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertSpec(String schema, JsonNode body) {
        assertThat(SpecSchemas.violations("gemini-openapi.json", schema, body))
                .as("%s against %s", body, schema)
                .isEmpty();
    }
}
