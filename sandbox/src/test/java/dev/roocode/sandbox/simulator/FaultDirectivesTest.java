package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SimulatorExtension.class)
class FaultDirectivesTest {

    private final ProviderSimulator simulator;
    private final SimClient client;

    FaultDirectivesTest(ProviderSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimClient(simulator);
    }

    @Test
    void shouldAnswer429WithRetryAfterAndRateLimitHeadersForThe429Directive() throws Exception {
        HttpResponse<String> response = client.chat("sim-429", "job-429");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1000");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).isPresent();
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("1s");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens"))
                .hasValue("0");
        assertThat(SimClient.json(response).get("error").get("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void shouldFailRoughlyHalfTheCallsWith500Or503ForFlaky50() throws Exception {
        int errors = 0;
        for (int i = 0; i < 400; i++) {
            HttpResponse<String> response = client.chat("sim-flaky-50", "flaky-" + i);
            if (response.statusCode() != 200) {
                assertThat(response.statusCode()).isIn(500, 503);
                OpenAiResponsesTest.assertOpenAiError(SimClient.json(response), "server_error");
                errors++;
            }
        }

        assertThat(errors).isBetween(160, 240);
    }

    @Test
    void shouldFailTheSameAttemptsOnEveryRunForTheSameSeed() throws Exception {
        List<Integer> first = statuses("sim-flaky-30", 40);
        simulator.reset();

        assertThat(statuses("sim-flaky-30", 40)).isEqualTo(first);
    }

    @Test
    void shouldAnswer200WithUnparsableJsonForMalformed100() throws Exception {
        HttpResponse<String> response = client.chat("sim-malformed-100", "job-malformed");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> new ObjectMapper().readTree(response.body())).isInstanceOf(IOException.class);
    }

    @Test
    void shouldAnswer503ForDown() throws Exception {
        HttpResponse<String> response = client.chat("sim-down", "job-down");

        assertThat(response.statusCode()).isEqualTo(503);
        OpenAiResponsesTest.assertOpenAiError(SimClient.json(response), "server_error");
    }

    @Test
    void shouldCloseTheConnectionWithoutAnswerForReset100() {
        assertThatThrownBy(() -> client.chat("sim-reset-100", "job-reset")).isInstanceOf(IOException.class);
    }

    @Test
    @Timeout(20)
    void shouldHoldTimeoutCallsWithoutBlockingOtherCalls() throws Exception {
        SimClient impatient = new SimClient(simulator).timeout(Duration.ofMillis(1500));
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            held.add(impatient.postAsync("/v1/chat/completions", SimClient.chatBody("sim-timeout", "hi"), "held-" + i));
        }

        long start = System.nanoTime();
        HttpResponse<String> other = client.chat("gpt-4o-mini", "job-alongside");
        long otherMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(otherMillis).isLessThan(1000);
        for (CompletableFuture<HttpResponse<String>> call : held) {
            assertThatThrownBy(call::join).hasCauseInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    @Timeout(20)
    void shouldHonourLatencyWithoutBlockingThreads() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            calls.add(
                    client.postAsync("/v1/chat/completions", SimClient.chatBody("sim-latency-300", "hi"), "slow-" + i));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(calls)
                .allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        assertThat(elapsedMillis).isBetween(300L, 5000L);
    }

    @Test
    void shouldAddJitterOnTopOfLatency() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = client.chat("sim-latency-100-jitter-50", "job-jitter");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(100);
    }

    private List<Integer> statuses(String model, int calls) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            statuses.add(client.chat(model, "same-" + i).statusCode());
        }
        return statuses;
    }
}
