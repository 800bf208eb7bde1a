package dev.roocode.connectors.execution;

import static dev.roocode.connectors.TestJobs.T0;
import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.embeddingJob;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleAdapter;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.RetryPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AttemptExecutorTest {
    private static final String KEY = "sk-live-very-secret";

    private final ManualTime time = new ManualTime(T0);
    private final Deque<Supplier<CompletableFuture<HttpAnswer>>> script = new ArrayDeque<>();
    private final List<Duration> timeouts = new ArrayList<>();
    private final List<HttpCall> calls = new ArrayList<>();

    private ProviderConfig config = provider("p", "http://localhost:1")
            .setRetry(RetryPolicy.newBuilder()
                    .setMaxAttempts(4)
                    .setInitialBackoffMs(100)
                    .setMaxBackoffMs(5_000)
                    .setMultiplier(2.0)
                    .build())
            .setTimeoutMs(10_000)
            .build();

    private Transport transport() {
        return (call, timeout) -> {
            calls.add(call);
            timeouts.add(timeout);
            return script.isEmpty()
                    ? CompletableFuture.failedFuture(new IllegalStateException("unexpected call"))
                    : script.poll().get();
        };
    }

    private AttemptOutcome run(DispatchedJob job) {
        return run(job, new RandomGeneratorMax());
    }

    private AttemptOutcome run(DispatchedJob job, RandomGenerator random) {
        AttemptExecutor executor =
                new AttemptExecutor(new OpenAiCompatibleAdapter(), config, KEY, transport(), time, time, random);
        CompletableFuture<AttemptOutcome> outcome = executor.execute(job);
        time.runAll();
        assertThat(outcome).isDone();
        return outcome.join();
    }

    private void answer(int status, String fixture, Map<String, List<String>> headers) {
        script.add(() -> CompletableFuture.completedFuture(
                new HttpAnswer(status, headers, fixture("openai-compatible", fixture))));
    }

    private void noAnswer(ErrorClass errorClass) {
        script.add(() ->
                CompletableFuture.failedFuture(new ProviderException(ProviderError.of(errorClass, true, "no answer"))));
    }

    private static AttemptFailed failed(AttemptOutcome outcome) {
        assertThat(outcome).isInstanceOf(AttemptOutcome.Failed.class);
        return ((AttemptOutcome.Failed) outcome).value();
    }

    @Test
    void shouldSucceedOnFirstCall() {
        answer(200, "chat-basic.response.json", Map.of());

        AttemptOutcome outcome = run(dispatched(chatJob("r-1", "hi").build()));

        assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
        AttemptSucceeded succeeded = ((AttemptOutcome.Succeeded) outcome).value();
        assertThat(succeeded.getAttempt().getCalls()).isEqualTo(1);
        assertThat(succeeded.getAttempt().getHttpStatus()).isEqualTo(200);
        assertThat(succeeded.getAttempt().getErrorClass()).isNull();
        assertThat(succeeded.getAttempt().getProvider()).isEqualTo("local");
        assertThat(succeeded.getAttempt().getProviderModel()).isEqualTo("sim-fast");
        assertThat(succeeded.getOutput().getChoices()).hasSize(1);
        assertThat(calls.get(0).headers()).containsEntry("X-Roocode-Request-Id", "r-1");
        assertThat(timeouts).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void shouldSendEachCallOfTheJobsTraceWithASpanIdOfItsOwn() {
        answer(500, "provider-error.response.json", Map.of());
        answer(200, "chat-basic.response.json", Map.of());
        TraceParent worker = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        AttemptExecutor executor = new AttemptExecutor(
                new OpenAiCompatibleAdapter(), config, KEY, transport(), time, time, new RandomGeneratorMax());

        CompletableFuture<AttemptOutcome> outcome = executor.execute(
                dispatched(chatJob("r-trace", "hi").build()), new TokenReservation.Estimate(1, 0), worker);
        time.runAll();

        assertThat(outcome.join()).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(calls).hasSize(2);
        List<TraceParent> sent = calls.stream()
                .map(call -> TraceParent.parse(call.headers().get(TraceParent.HEADER)))
                .toList();
        assertThat(sent).as("a valid traceparent header on every call").doesNotContainNull();
        assertThat(sent).allSatisfy(trace -> assertThat(trace.traceId()).isEqualTo(worker.traceId()));
        assertThat(sent)
                .extracting(TraceParent::parentId)
                .doesNotHaveDuplicates()
                .doesNotContain(worker.parentId());
    }

    @Test
    void shouldHonourRetryAfterOn429() {
        answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("3")));
        answer(200, "chat-basic.response.json", Map.of());

        AttemptOutcome outcome = run(dispatched(chatJob("r-2", "hi").build()));

        assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
        Duration pause = Duration.ofSeconds(3).plus(Pacer.RESET_MARGIN);
        assertThat(time.delays())
                .as("Retry-After (plus the pacer's margin) beats the 100 ms backoff")
                .containsExactly(pause);
        AttemptSucceeded succeeded = ((AttemptOutcome.Succeeded) outcome).value();
        assertThat(succeeded.getAttempt().getCalls()).isEqualTo(2);
        assertThat(succeeded.getAttempt().getLatencyMs()).isEqualTo(pause.toMillis());
    }

    @Test
    void shouldBackOffExponentiallyAndStopAtMaxAttempts() {
        for (int i = 0; i < 4; i++) {
            answer(503, "unavailable.response.json", Map.of());
        }

        AttemptFailed failed = failed(run(dispatched(chatJob("r-3", "hi").build())));

        assertThat(calls).hasSize(4);
        assertThat(time.delays())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(failed.getAttempt().getCalls()).isEqualTo(4);
        assertThat(failed.getAttempt().getErrorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
        assertThat(failed.getError().getHttpStatus()).isEqualTo(503);
        assertThat(failed.getError().getProvider()).isEqualTo("local");
        assertThat(failed.getRetryable()).as("another provider may succeed").isTrue();
    }

    @Test
    void shouldRetryAServerErrorAndSucceedOnTheSecondCall() {
        answer(500, "provider-error.response.json", Map.of());
        answer(200, "chat-basic.response.json", Map.of());

        AttemptOutcome outcome = run(dispatched(chatJob("r-500", "hi").build()));

        assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
        AttemptSucceeded succeeded = ((AttemptOutcome.Succeeded) outcome).value();
        assertThat(succeeded.getAttempt().getCalls()).isEqualTo(2);
        assertThat(time.delays())
                .as("one full-jitter backoff below the first ceiling")
                .containsExactly(Duration.ofMillis(100));
    }

    @Test
    void shouldRetryServerErrorsUpToTheProvidersAttemptBudgetThenHandOverToFallback() {
        config = ProviderConfig.newBuilder(config)
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(6)
                        .setInitialBackoffMs(100)
                        .setMaxBackoffMs(1_000)
                        .setMultiplier(2.0)
                        .build())
                .build();
        for (int i = 0; i < 6; i++) {
            answer(500, "provider-error.response.json", Map.of());
        }

        AttemptFailed failed = failed(run(dispatched(chatJob("r-500x6", "hi").build())));

        assertThat(calls).as("maxAttempts: 6 from the providers file").hasSize(6);
        assertThat(time.delays())
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1_000));
        assertThat(failed.getAttempt().getCalls()).isEqualTo(6);
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.PROVIDER_ERROR);
        assertThat(failed.getError().getHttpStatus()).isEqualTo(500);
        assertThat(failed.getRetryable())
                .as("the router may fall back to another provider")
                .isTrue();
    }

    @Test
    void shouldRetryEveryStatusTheSdksRetry() {
        for (int status : List.of(408, 409, 429, 500, 502, 503, 504, 529)) {
            script.clear();
            calls.clear();
            answer(status, "invalid-html.response.json", Map.of());
            answer(200, "chat-basic.response.json", Map.of());

            AttemptOutcome outcome = run(dispatched(chatJob("r-" + status, "hi").build()));

            assertThat(outcome).as("HTTP %s then 200", status).isInstanceOf(AttemptOutcome.Succeeded.class);
            assertThat(calls).as("HTTP %s then 200", status).hasSize(2);
        }
    }

    @Test
    void shouldApplyFullJitterBelowTheCeiling() {
        answer(503, "unavailable.response.json", Map.of());
        answer(200, "chat-basic.response.json", Map.of());

        run(dispatched(chatJob("r-4", "hi").build()), new RandomGeneratorFixed(0.25));

        assertThat(time.delays()).containsExactly(Duration.ofMillis(25));
    }

    @Test
    void shouldCapBackoffAtMaxBackoff() {
        assertThat(AttemptExecutor.backoffCeilingMs(config.getRetry(), 1)).isEqualTo(100);
        assertThat(AttemptExecutor.backoffCeilingMs(config.getRetry(), 3)).isEqualTo(400);
        assertThat(AttemptExecutor.backoffCeilingMs(config.getRetry(), 20)).isEqualTo(5_000);
    }

    @Test
    void shouldFailNonRetryableClassesStraightAway() {
        answer(401, "authentication.response.json", Map.of());

        AttemptFailed failed = failed(run(dispatched(chatJob("r-5", "hi").build())));

        assertThat(calls).hasSize(1);
        assertThat(time.delays()).isEmpty();
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
        assertThat(failed.getError().getMessage()).doesNotContain(KEY);
    }

    @Test
    void shouldNotRetryBadRequestAndMarkItHopelessElsewhere() {
        answer(400, "bad-request.response.json", Map.of());

        AttemptFailed failed = failed(run(dispatched(chatJob("r-6", "hi").build())));

        assertThat(calls).hasSize(1);
        assertThat(failed.getRetryable()).isFalse();
    }

    @Test
    void shouldReportTheClassifiersVerdictOnAnotherProviderNotAClassTable() {
        // a class usually hopeless elsewhere, which this classifier says another provider may fix, and the reverse
        script.add(() -> CompletableFuture.failedFuture(new ProviderException(
                new ProviderError(ErrorClass.BAD_REQUEST, 400, false, null, "model-specific limit", true))));
        AttemptFailed fixable = failed(run(dispatched(chatJob("r-6a", "hi").build())));
        script.add(() -> CompletableFuture.failedFuture(new ProviderException(
                new ProviderError(ErrorClass.PROVIDER_ERROR, 500, false, null, "poisoned request", false))));
        AttemptFailed hopeless = failed(run(dispatched(chatJob("r-6b", "hi").build())));

        assertThat(fixable.getRetryable()).as("retryable on another provider").isTrue();
        assertThat(hopeless.getRetryable()).as("retryable on another provider").isFalse();
    }

    @Test
    void shouldNotRetryNonRetryableProviderError() {
        answer(501, "provider-error.response.json", Map.of());

        AttemptFailed failed = failed(run(dispatched(chatJob("r-7", "hi").build())));

        assertThat(calls).hasSize(1);
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.PROVIDER_ERROR);
    }

    @Test
    void shouldRetryTimeoutsAndNetworkErrors() {
        noAnswer(ErrorClass.TIMEOUT);
        noAnswer(ErrorClass.NETWORK);
        answer(200, "chat-basic.response.json", Map.of());

        AttemptOutcome outcome = run(dispatched(chatJob("r-8", "hi").build()));

        assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(calls).hasSize(3);
    }

    @Test
    void shouldNeverRetryPastTheDeadline() {
        Job job = chatJob("r-9", "hi").build();
        job.getRouting().setDeadline(T0.plusMillis(2_500));
        answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("2")));
        answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("2")));

        AttemptFailed failed = failed(run(dispatched(job)));

        assertThat(calls).as("the second wait would end after the deadline").hasSize(2);
        assertThat(timeouts)
                .containsExactly(
                        Duration.ofMillis(2_500), Duration.ofMillis(500).minus(Pacer.RESET_MARGIN));
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(failed.getRetryAfterMs()).isEqualTo(2_000L);
    }

    @Test
    void shouldCallATimeoutCutShortByTheDeadlineDeadlineExceededNotAProviderTimeout() {
        Job job = chatJob("r-11", "hi").build();
        job.getRouting().setDeadline(T0.plusMillis(700));
        noAnswer(ErrorClass.TIMEOUT);

        AttemptFailed failed = failed(run(dispatched(job)));

        assertThat(timeouts).containsExactly(Duration.ofMillis(700));
        assertThat(failed.getError().getErrorClass())
                .as("not the provider's fault: no retry, no breaker failure")
                .isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
    }

    @Test
    void shouldFailWithDeadlineExceededWithoutCallingWhenTheDeadlineHasPassed() {
        Job job = chatJob("r-10", "hi").build();
        job.getRouting().setDeadline(T0.minusSeconds(1));

        AttemptFailed failed = failed(run(dispatched(job)));

        assertThat(calls).isEmpty();
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
        assertThat(failed.getAttempt().getCalls()).isZero();
    }

    @Test
    void shouldHandOverToFallbackWhenRetryAfterExceedsMaxBackoff() {
        answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("3600")));

        AttemptFailed failed = failed(run(dispatched(chatJob("r-11", "hi").build())));

        assertThat(calls).hasSize(1);
        assertThat(failed.getRetryAfterMs()).isEqualTo(3_600_000L);
        assertThat(failed.getRetryable()).isTrue();
    }

    @Test
    void shouldReportInvalidResponseWithoutRetrying() {
        answer(200, "invalid-truncated.response.json", Map.of());

        AttemptFailed failed = failed(run(dispatched(chatJob("r-12", "hi").build())));

        assertThat(calls).hasSize(1);
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE);
        assertThat(failed.getError().getHttpStatus()).isEqualTo(200);
    }

    @Test
    void shouldReportEmbeddingsMissingAVectorAsInvalidResponseForAnotherProvider() {
        answer(200, "invalid-embeddings-count.response.json", Map.of());

        AttemptFailed failed =
                failed(run(dispatched(embeddingJob("r-15", List.of("The food was delicious", "and the waiter..."))
                        .build())));

        assertThat(calls).as("not retried at the same provider").hasSize(1);
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE);
        assertThat(failed.getError().getMessage()).contains("1 vector(s) for 2 input(s)");
        assertThat(failed.getRetryable()).as("retryable on another provider").isTrue();
    }

    @Test
    void shouldTurnAnInvalidJobIntoAFailureWithoutCalling() {
        Job job = chatJob("r-13", "hi").build();
        job.getChat().setResponseFormatJson("{oops");

        AttemptFailed failed = failed(run(dispatched(job)));

        assertThat(calls).isEmpty();
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_JOB);
        assertThat(failed.getRetryable()).isFalse();
    }

    @Test
    void shouldRedactTheKeyFromProviderMessages() {
        script.add(() -> CompletableFuture.failedFuture(new ProviderException(
                ProviderError.of(ErrorClass.PERMISSION, false, "key " + KEY + " is not allowed"))));

        AttemptFailed failed = failed(run(dispatched(chatJob("r-14", "hi").build())));

        assertThat(failed.getError().getMessage()).doesNotContain(KEY).contains("***");
        assertThat(failed.getAttempt().getMessage()).doesNotContain(KEY);
    }

    /** Always the top of the jitter range. */
    private static final class RandomGeneratorMax implements RandomGenerator {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public double nextDouble() {
            return 1.0;
        }
    }

    private record RandomGeneratorFixed(double value) implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return value;
        }
    }
}
