package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.simulator.batch.SimBatches;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SimulatorExtension.class)
class CallCountingTest {

    private final ProviderSimulator simulator;
    private final SimClient client;

    CallCountingTest(ProviderSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimClient(simulator);
    }

    @BeforeEach
    void freshCounts() {
        simulator.reset();
    }

    @Test
    void shouldCountDuplicatesPerRequestId() throws Exception {
        client.chat("gpt-4o-mini", "job-1");
        client.chat("gpt-4o-mini", "job-2");
        client.chat("gpt-4o-mini", "job-2");
        client.chat("sim-down", "job-3");
        client.chat("sim-down", "job-3");
        client.chat("sim-down", "job-3");
        client.chat("gpt-4o-mini", null);

        assertThat(simulator.callCount("job-1")).isEqualTo(1);
        assertThat(simulator.callCount("job-2")).isEqualTo(2);
        assertThat(simulator.callCount("job-3")).isEqualTo(3);
        assertThat(simulator.callCount("never-sent")).isZero();
        assertThat(simulator.totalCalls()).isEqualTo(7);
        assertThat(simulator.distinctRequestIds()).isEqualTo(3);
        assertThat(simulator.duplicateCalls()).isEqualTo(3);
    }

    @Test
    void shouldCountAnAsciiSafeRequestIdHeaderUnderTheRequestIdItStandsFor() throws Exception {
        client.chat("gpt-4o-mini", "b/%F0%9F%9A%80"); // what the connectors send for b/🚀
        client.chat("gpt-4o-mini", "b/%F0%9F%9A%80");

        assertThat(simulator.callCount("b/\uD83D\uDE80")).isEqualTo(2);
    }

    @Test
    void shouldServeCountersOverHttpForOtherProcesses() throws Exception {
        client.chat("gpt-4o-mini", "job-1");
        client.chat("gpt-4o-mini", "job-1");
        client.chat("gpt-4o-mini", "job-2");
        for (String group : List.of("g1", "g2", "g1")) {
            simulator
                    .batches()
                    .create(new SimBatches.Creation(
                            "openai",
                            "batch_",
                            null,
                            group,
                            Map.of(),
                            null,
                            Duration.ofHours(24),
                            List.of(),
                            List.of(),
                            null));
        }
        HttpClient http = HttpClient.newHttpClient();
        URI stats = URI.create(simulator.url() + "/_sim/stats");

        var answer =
                SimClient.json(http.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(answer.get("totalCalls").asLong()).isEqualTo(3);
        assertThat(answer.get("distinctRequestIds").asLong()).isEqualTo(2);
        assertThat(answer.get("duplicateCalls").asLong()).isEqualTo(1);
        assertThat(answer.get("maxCallsPerId").asLong()).isEqualTo(2);
        assertThat(answer.get("batchCreations").asLong()).isEqualTo(3);
        assertThat(answer.get("duplicateBatchCreations").asLong()).isEqualTo(1);

        http.send(
                HttpRequest.newBuilder(URI.create(simulator.url() + "/_sim/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(simulator.totalCalls()).isZero();
        assertThat(simulator.batches().creations()).isZero();
    }

    @Test
    void shouldCountConcurrentCallsExactly() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            calls.add(client.postAsync(
                    "/v1/chat/completions", SimClient.chatBody("gpt-4o-mini", "x"), "id-" + (i % 100)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        assertThat(simulator.totalCalls()).isEqualTo(500);
        assertThat(simulator.distinctRequestIds()).isEqualTo(100);
        assertThat(simulator.duplicateCalls()).isEqualTo(400);
        assertThat(simulator.callCount("id-7")).isEqualTo(5);
    }

    @Test
    void shouldForgetCountsOnReset() throws Exception {
        client.chat("gpt-4o-mini", "job-1");

        simulator.reset();

        assertThat(simulator.totalCalls()).isZero();
        assertThat(simulator.callCount("job-1")).isZero();
    }
}
