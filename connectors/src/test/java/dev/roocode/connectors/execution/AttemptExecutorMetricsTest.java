package dev.roocode.connectors.execution;

import static dev.roocode.connectors.TestJobs.T0;
import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.metrics.WorkerMetrics;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleAdapter;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one attempt records into its provider's meters: each call, its latency, retries, 429s, pacing waits, tokens. */
class AttemptExecutorMetricsTest {
    private final ManualTime time = new ManualTime(T0);
    private final Deque<HttpAnswer> script = new ArrayDeque<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WorkerMetrics metrics = new WorkerMetrics(registry, true);

    private ProviderConfig config = config(null);

    private static ProviderConfig config(Long rpm) {
        return provider("p", "http://localhost:1")
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(4)
                        .setInitialBackoffMs(100)
                        .setMaxBackoffMs(5_000)
                        .setMultiplier(2.0)
                        .build())
                .setLimits(ProviderLimits.newBuilder()
                        .setRpm(rpm)
                        .setMaxConcurrency(8)
                        .build())
                .setTimeoutMs(10_000)
                .build();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private void answer(int status, String fixture, Map<String, List<String>> headers) {
        script.add(new HttpAnswer(status, headers, fixture("openai-compatible", fixture)));
    }

    private void run(ProviderGuard guard, String... requestIds) {
        AttemptExecutor executor = new AttemptExecutor(
                new OpenAiCompatibleAdapter(),
                config,
                "sk-test",
                (call, timeout) -> {
                    time.advance(Duration.ofMillis(250)); // each call takes a quarter of a second
                    return CompletableFuture.completedFuture(script.poll());
                },
                time,
                time,
                () -> 0L,
                guard,
                metrics.provider("local"));
        List<CompletableFuture<AttemptOutcome>> outcomes = new ArrayList<>();
        for (String requestId : requestIds) {
            outcomes.add(executor.execute(dispatched(chatJob(requestId, "hi").build())));
        }
        time.runAll();
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isDone());
    }

    @Test
    void shouldRecordEachCallByOutcomeWithItsLatencyRetriesRateLimitsAndTokens() {
        ProviderGuard guard = new ProviderGuard(config, time);
        answer(503, "unavailable.response.json", Map.of());
        answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("1")));
        answer(200, "chat-basic.response.json", Map.of());

        run(guard, "r-1");

        Search calls = registry.find(WorkerMetrics.CALLS).tags("provider", "local", "model", "sim-fast");
        assertThat(count(calls.tags("outcome", "success"))).isEqualTo(1);
        assertThat(count(registry.find(WorkerMetrics.CALLS)
                        .tags("outcome", "error", "error_class", "PROVIDER_UNAVAILABLE")))
                .isEqualTo(1);
        assertThat(count(registry.find(WorkerMetrics.CALLS).tags("outcome", "error", "error_class", "RATE_LIMITED")))
                .isEqualTo(1);
        assertThat(registry.find(WorkerMetrics.CALL_DURATION).timer().count()).isEqualTo(3);
        assertThat(registry.find(WorkerMetrics.CALL_DURATION).timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(750);
        assertThat(count(registry.find(WorkerMetrics.RETRIES))).isEqualTo(2);
        assertThat(count(registry.find(WorkerMetrics.RATE_LIMITED))).isEqualTo(1);
        assertThat(count(registry.find(WorkerMetrics.TOKENS).tag("direction", "in")))
                .isEqualTo(19);
        assertThat(count(registry.find(WorkerMetrics.TOKENS).tag("direction", "out")))
                .isEqualTo(10);
        assertThat(registry.scrape())
                .contains("roocode_provider_calls_total{")
                .contains("roocode_provider_call_duration_seconds_bucket{")
                .contains("roocode_provider_retries_total{")
                .contains("roocode_provider_rate_limited_total{")
                .contains("roocode_provider_tokens_total{");
    }

    @Test
    void shouldRecordTheTimeACallWaitedForTheRpmBudget() {
        config = config(1L);
        ProviderGuard guard = new ProviderGuard(config, time);
        answer(200, "chat-basic.response.json", Map.of());
        answer(200, "chat-basic.response.json", Map.of());

        run(guard, "r-1", "r-2"); // rpm 1: the second waits for the first call to leave the minute's window

        double waited = count(registry.find(WorkerMetrics.PACING_WAIT));
        assertThat(waited).isGreaterThan(50).isLessThanOrEqualTo(60);
        assertThat(registry.scrape()).contains("roocode_provider_pacing_wait_seconds_total{");
    }

    @Test
    void shouldShowTheWatchedWorkersBreakerAndBudgetAsGauges() {
        config = config(1L);
        ProviderGuard guard = new ProviderGuard(config, time);
        metrics.provider("local")
                .watch(new dev.roocode.connectors.metrics.ProviderMeters.Sources(
                        () -> 3, () -> BreakerState.OPEN, guard.pacer()::rpmBudget, guard.pacer()::tpmBudget));

        assertThat(registry.find(WorkerMetrics.INFLIGHT).gauge().value()).isEqualTo(3);
        assertThat(registry.find(WorkerMetrics.BREAKER_STATE)
                        .tag("state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.find(WorkerMetrics.BREAKER_STATE)
                        .tag("state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(0);
        assertThat(registry.find(WorkerMetrics.BUDGET_RPM).gauge().value()).isEqualTo(1);
        assertThat(registry.find(WorkerMetrics.BUDGET_TPM).gauge().value()).isNaN();
    }

    private static double count(Search search) {
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }
}
