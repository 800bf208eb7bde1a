package dev.roocode.connectors.execution;

import static dev.roocode.connectors.TestJobs.T0;
import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.gemini.GeminiAdapter;
import dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleAdapter;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Pacing and the circuit breaker as calls see them, on a manual clock. */
class ProviderGuardTest {
    private final ManualTime time = new ManualTime(T0);
    private final List<Instant> callTimes = new ArrayList<>();
    private int status = 200;
    private Map<String, List<String>> headers = Map.of();

    private final ProviderConfig config = provider("p", "http://localhost:1")
            .setLimits(ProviderLimits.newBuilder()
                    .setRpm(600L)
                    .setMaxConcurrency(8)
                    .build())
            .setRetry(RetryPolicy.newBuilder()
                    .setMaxAttempts(1)
                    .setInitialBackoffMs(100)
                    .setMaxBackoffMs(5_000)
                    .setMultiplier(2.0)
                    .build())
            .setBreaker(CircuitBreakerPolicy.newBuilder()
                    .setFailureRateThreshold(50f)
                    .setSlidingWindowSize(4)
                    .setMinimumCalls(4)
                    .setWaitInOpenMs(30_000)
                    .setHalfOpenCalls(2)
                    .build())
            .build();
    private final ProviderGuard guard = new ProviderGuard(config, time);
    private final AttemptExecutor executor = new AttemptExecutor(
            new OpenAiCompatibleAdapter(),
            config,
            null,
            (call, timeout) -> {
                callTimes.add(time.instant());
                String body = status == 200
                        ? "chat-basic.response.json"
                        : status == 429
                                ? "rate-limited.response.json"
                                : status == 400
                                        ? "bad-request.response.json"
                                        : status == 401 ? "authentication.response.json" : "unavailable.response.json";
                return CompletableFuture.completedFuture(
                        new HttpAnswer(status, headers, fixture("openai-compatible", body), time.instant()));
            },
            time,
            time,
            () -> Long.MAX_VALUE,
            guard);

    private AttemptOutcome run(String id) {
        CompletableFuture<AttemptOutcome> outcome =
                executor.execute(dispatched(chatJob(id, "hi").build()));
        time.advance(Duration.ZERO);
        return outcome.getNow(null);
    }

    @Test
    void shouldOpenOnProviderSideFailuresAndFailJobsWithoutACallWhileOpen() {
        status = 503;
        for (int i = 0; i < 4; i++) {
            run("r-" + i);
        }
        assertThat(guard.breakerState()).isEqualTo(BreakerState.OPEN);

        AttemptOutcome outcome = run("r-open");

        assertThat(callTimes).hasSize(4);
        AttemptFailed failed = ((AttemptOutcome.Failed) outcome).value();
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
        assertThat(failed.getAttempt().getCalls()).isZero();
        assertThat(failed.getRetryable())
                .as("the router may pick another provider")
                .isTrue();
    }

    @Test
    void shouldNotCountBadRequestsOrRateLimitsAgainstTheProvidersHealth() {
        status = 400;
        for (int i = 0; i < 6; i++) {
            run("bad-" + i);
        }
        assertThat(guard.breakerState()).isEqualTo(BreakerState.CLOSED);
        assertThat(guard.health().errorRate()).isZero();
    }

    @Test
    void shouldProbeWithRealJobsWhenHalfOpenAndCloseWhenTheyPass() {
        status = 503;
        for (int i = 0; i < 4; i++) {
            run("r-" + i);
        }
        assertThat(guard.breakerState()).isEqualTo(BreakerState.OPEN);
        time.advance(Duration.ofMillis(30_001)); // Resilience4j half-opens strictly after waitInOpen
        assertThat(guard.breakerState())
                .as("reported half-open before any call, so the router sends the probes")
                .isEqualTo(BreakerState.HALF_OPEN);
        status = 200;

        assertThat(run("probe-1")).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(guard.breakerState()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(run("probe-2")).isInstanceOf(AttemptOutcome.Succeeded.class);

        assertThat(guard.breakerState()).isEqualTo(BreakerState.CLOSED);
        assertThat(callTimes).hasSize(6);
    }

    @Test
    void shouldPauseEveryJobOfTheProviderUntilTheRetryAfterOfA429() {
        status = 429;
        headers = Map.of("retry-after", List.of("20"));
        run("limited");
        status = 200;
        headers = Map.of();

        CompletableFuture<AttemptOutcome> next =
                executor.execute(dispatched(chatJob("next", "hi").build()));
        Instant resume = T0.plusSeconds(20).plus(Pacer.RESET_MARGIN);
        time.advance(Duration.ofSeconds(20));
        assertThat(next).as("no call during the pause").isNotDone();
        assertThat(guard.health().rateLimitedUntil()).isEqualTo(resume);
        time.advance(Pacer.RESET_MARGIN);

        assertThat(next.join()).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(callTimes).containsExactly(T0, resume);
    }

    @Test
    void shouldPauseTheProviderForTheRetryDelayInTheBodyOfAGemini429() {
        AttemptExecutor gemini = new AttemptExecutor(
                new GeminiAdapter(),
                config,
                null,
                (call, timeout) -> {
                    callTimes.add(time.instant());
                    boolean first = callTimes.size() == 1;
                    return CompletableFuture.completedFuture(new HttpAnswer(
                            first ? 429 : 200,
                            Map.of(),
                            fixture("gemini", first ? "rate-limited-body.response.json" : "chat-basic.response.json"),
                            time.instant()));
                },
                time,
                time,
                () -> Long.MAX_VALUE,
                guard);
        gemini.execute(dispatched(chatJob("limited", "hi").build()));
        time.advance(Duration.ZERO);

        CompletableFuture<AttemptOutcome> next =
                gemini.execute(dispatched(chatJob("next", "hi").build()));
        time.advance(Duration.ofSeconds(43));
        assertThat(next)
                .as("no call during the 43 s RetryInfo asked for (no header says so)")
                .isNotDone();
        time.advance(Pacer.RESET_MARGIN);

        assertThat(next.join()).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(callTimes).containsExactly(T0, T0.plusSeconds(43).plus(Pacer.RESET_MARGIN));
    }

    @Test
    void shouldStopCallingAProviderDownFor30SecondsAndBeBackWithinOneWaitInOpenOfItsReturn() {
        ProviderConfig fast = ProviderConfig.newBuilder(config)
                .setBreaker(CircuitBreakerPolicy.newBuilder(config.getBreaker())
                        .setWaitInOpenMs(5_000)
                        .build())
                .build();
        ProviderGuard recovering = new ProviderGuard(fast, time);
        Instant back = T0.plusSeconds(30);
        AttemptExecutor exec = new AttemptExecutor(
                new OpenAiCompatibleAdapter(),
                fast,
                null,
                (call, timeout) -> {
                    callTimes.add(time.instant());
                    boolean down = time.instant().isBefore(back);
                    return CompletableFuture.completedFuture(new HttpAnswer(
                            down ? 503 : 200,
                            Map.of(),
                            fixture(
                                    "openai-compatible",
                                    down ? "unavailable.response.json" : "chat-basic.response.json"),
                            time.instant()));
                },
                time,
                time,
                () -> Long.MAX_VALUE,
                recovering);
        List<CompletableFuture<AttemptOutcome>> outcomes = new ArrayList<>();
        Instant firstSuccess = null;
        for (int second = 0; second < 60; second++) {
            CompletableFuture<AttemptOutcome> outcome =
                    exec.execute(dispatched(chatJob("job-" + second, "hi").build()));
            time.advance(Duration.ZERO);
            outcomes.add(outcome);
            if (firstSuccess == null && outcome.getNow(null) instanceof AttemptOutcome.Succeeded) {
                firstSuccess = time.instant();
            }
            time.advance(Duration.ofSeconds(1));
        }

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isDone());
        long callsWhileDown = callTimes.stream().filter(t -> t.isBefore(back)).count();
        assertThat(callsWhileDown).as("4 to open, then one probe per 5 s open").isLessThanOrEqualTo(4 + 30 / 5 + 1);
        assertThat(firstSuccess).isBetween(back, back.plusSeconds(6));
        assertThat(recovering.breakerState()).isEqualTo(BreakerState.CLOSED);
    }

    /**
     * Resilience4j sets its new state before it tells the guard's listener; a status read in between
     * (another thread publishing health) must see the state just entered, not "open since long ago".
     * An event consumer registered with onEvent runs before the guard's transition listener, so it
     * reads status exactly in that window.
     */
    @Test
    void shouldReportOpenNotHalfOpenWhenStatusIsReadTheMomentTheBreakerOpensOrReopens() {
        List<BreakerState> readAtOpening = new ArrayList<>();
        guard.breaker().getEventPublisher().onEvent(event -> {
            if (event instanceof CircuitBreakerOnStateTransitionEvent transition
                    && transition.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                readAtOpening.add(guard.breakerState());
            }
        });
        status = 503;
        for (int i = 0; i < 4; i++) {
            run("r-" + i);
        }
        time.advance(Duration.ofMillis(30_001));
        run("probe-1");
        run("probe-2");

        assertThat(readAtOpening)
                .as("read as CLOSED -> OPEN and HALF_OPEN -> OPEN happen")
                .containsExactly(BreakerState.OPEN, BreakerState.OPEN);
        assertThat(guard.breakerState()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void shouldCountEveryRetriedCallAgainstTheBreakerAndStopRetryingOnceItOpens() {
        ProviderConfig retrying = ProviderConfig.newBuilder(config)
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialBackoffMs(100)
                        .setMaxBackoffMs(5_000)
                        .setMultiplier(2.0)
                        .build())
                .build();
        ProviderGuard counted = new ProviderGuard(retrying, time);
        AttemptExecutor exec = new AttemptExecutor(
                new OpenAiCompatibleAdapter(),
                retrying,
                null,
                (call, timeout) -> {
                    callTimes.add(time.instant());
                    return CompletableFuture.completedFuture(new HttpAnswer(
                            500,
                            Map.of(),
                            fixture("openai-compatible", "provider-error.response.json"),
                            time.instant()));
                },
                time,
                time,
                () -> Long.MAX_VALUE,
                counted);

        CompletableFuture<AttemptOutcome> first =
                exec.execute(dispatched(chatJob("r-1", "hi").build()));
        time.advance(Duration.ofSeconds(1)); // backoffs of 100 and 200 ms, far inside the 30 s wait in open
        assertThat(callTimes).as("a 500 is retried up to the budget").hasSize(3);
        assertThat(counted.breakerState()).as("3 failed calls of a window of 4").isEqualTo(BreakerState.CLOSED);
        CompletableFuture<AttemptOutcome> second =
                exec.execute(dispatched(chatJob("r-2", "hi").build()));
        time.advance(Duration.ofSeconds(1));

        assertThat(counted.breakerState()).as("the 4th failed call opens it").isEqualTo(BreakerState.OPEN);
        assertThat(callTimes).as("no retry through an open breaker").hasSize(4);
        assertThat(((AttemptOutcome.Failed) first.join()).value().getError().getErrorClass())
                .isEqualTo(ErrorClass.PROVIDER_ERROR);
        AttemptFailed failed = ((AttemptOutcome.Failed) second.join()).value();
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
        assertThat(failed.getRetryable()).as("the router falls back").isTrue();
    }

    @Test
    void shouldTrackLatencyAndErrorRate() {
        run("ok");
        assertThat(guard.health().errorRate()).isZero();
        status = 503;
        run("bad");
        assertThat(guard.health().errorRate()).isEqualTo(ProviderGuard.ALPHA);
    }

    @Test
    void shouldStopCallingAProviderWhoseCredentialIsRefusedThreeTimesInARow() {
        status = 401;
        for (int i = 0; i < ProviderGuard.DEFAULT_CREDENTIAL_REJECTIONS; i++) {
            run("r-" + i);
        }
        assertThat(guard.credentialRejection()).isNotNull();
        Instant rejectedAt = guard.credentialRejection().at();

        status = 200; // even a key that would work now: nothing is called until the provider record changes
        List<AttemptOutcome> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.add(run("after-" + i));
        }

        assertThat(callTimes).hasSize(ProviderGuard.DEFAULT_CREDENTIAL_REJECTIONS);
        assertThat(after).allSatisfy(outcome -> {
            AttemptFailed failed = ((AttemptOutcome.Failed) outcome).value();
            assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
            assertThat(failed.getError().getMessage())
                    .contains("credential of provider p rejected at " + rejectedAt)
                    .contains("3 consecutive 401 answers");
            assertThat(failed.getAttempt().getCalls()).isZero();
            assertThat(failed.getRetryable())
                    .as("another provider may serve it")
                    .isTrue();
        });
        assertThat(guard.breakerState()).as("a refused key is not an outage").isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldNotRejectTheCredentialWhenAnotherAnswerComesBetweenRefusals() {
        for (int round = 0; round < 3; round++) {
            status = 401;
            run("refused-" + round + "-a");
            run("refused-" + round + "-b");
            status = 200;
            run("ok-" + round);
        }

        assertThat(guard.credentialRejection()).isNull();
        assertThat(callTimes).hasSize(9);
    }
}
