package dev.roocode.connectors.execution;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RateLimits;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRateLimits;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything that stands between a job and an HTTP call to one provider: the {@link Pacer} (RPM/TPM
 * budget, 429 pauses) and the provider's Resilience4j circuit breaker, plus the health figures the
 * worker publishes (latency and error-rate EWMAs). One instance per worker, shared by all its calls;
 * thread-safe. Pure of Kafka, so another runtime can host it.
 */
public final class ProviderGuard {
    /** Weight of the newest observation in the EWMAs. */
    static final double ALPHA = 0.1;
    /** Consecutive AUTHENTICATION/PERMISSION failures that mark the credential rejected, unless configured otherwise. */
    public static final int DEFAULT_CREDENTIAL_REJECTIONS = 3;

    /** Reads this provider type's rate-limit headers: its adapter's {@link ProviderAdapter#rateLimits}. */
    private final RateLimitReader rateLimits;

    private final String provider;
    private final Pacer pacer;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private volatile Runnable onTransition = () -> {};
    /** How long the breaker stays open before it lets probes through. */
    private final Duration waitInOpen;
    /** The breaker's last state as its transition listener recorded it, with the time it was entered. */
    private final AtomicReference<Entered> entered =
            new AtomicReference<>(new Entered(CircuitBreaker.State.CLOSED, Instant.MIN));

    private double latencyEwmaMs;
    /** The attempt latencies of the pacer's window, for p50/p99 on provider-health. */
    private final LatencyWindow latencies = new LatencyWindow(Pacer.WINDOW);

    private double errorRate;
    private boolean seen;
    /** AUTHENTICATION/PERMISSION failures since the last answer of any other kind. */
    private int credentialFailures;
    /** How many of them in a row mark the credential rejected. */
    private final int credentialRejections;
    /** When the credential was marked rejected, with the last refusal's status; null while it is not. */
    private volatile Rejection rejection;

    /** The credential was refused {@code failures} times in a row; the last refusal had {@code httpStatus} (null if unknown). */
    public record Rejection(Instant at, int failures, Integer httpStatus) {
        /** One line for logs, health records and results; never the key. */
        public String reason() {
            return failures + " consecutive " + (httpStatus == null ? "AUTHENTICATION/PERMISSION" : httpStatus)
                    + " answers";
        }
    }

    /** A breaker state and the time it was entered, recorded together. */
    private record Entered(CircuitBreaker.State state, Instant at) {}

    /** What a call may do now: start with a permit, wait, or fail because the circuit is open. */
    public record Admission(Permit permit, Duration delay, boolean circuitOpen) {}

    /** A started call: its pacer reservation, its token estimate and start time. */
    public record Permit(Pacer.Reservation reservation, TokenReservation.Estimate estimate, Instant start) {}

    public ProviderGuard(ProviderConfig config, Clock clock) {
        this(config, clock, DEFAULT_CREDENTIAL_REJECTIONS);
    }

    /** A guard that stops admitting calls after {@code credentialRejections} AUTHENTICATION/PERMISSION failures in a row. */
    public ProviderGuard(ProviderConfig config, Clock clock, int credentialRejections) {
        this(config, clock, breakerConfig(config.getBreaker(), clock), credentialRejections);
    }

    private ProviderGuard(
            ProviderConfig config, Clock clock, CircuitBreakerConfig breakerConfig, int credentialRejections) {
        this.provider = config.getName();
        this.rateLimits = rateLimitsOf(config.getType());
        this.credentialRejections = Math.max(1, credentialRejections);
        this.clock = clock;
        this.pacer = new Pacer(config.getLimits().getRpm(), config.getLimits().getTpm(), clock);
        this.breaker = CircuitBreaker.of(provider, breakerConfig);
        this.waitInOpen = breakerConfig.getWaitIntervalFunctionInOpenState() == null
                ? Duration.ZERO
                : Duration.ofMillis(
                        breakerConfig.getWaitIntervalFunctionInOpenState().apply(1));
        breaker.getEventPublisher().onStateTransition(event -> {
            entered.set(new Entered(event.getStateTransition().getToState(), clock.instant()));
            onTransition.run();
        });
    }

    /** A guard that never waits and never opens, for tests of other concerns. */
    static ProviderGuard unlimited(ProviderConfig config, Clock clock) {
        ProviderConfig open = ProviderConfig.newBuilder(config)
                .setLimits(dev.roocode.schemas.avro.ProviderLimits.newBuilder(config.getLimits())
                        .setRpm(null)
                        .setTpm(null)
                        .build())
                .build();
        return new ProviderGuard(
                open,
                clock,
                CircuitBreakerConfig.from(breakerConfig(open.getBreaker(), clock))
                        .ignoreException(failure -> true)
                        .build(),
                Integer.MAX_VALUE);
    }

    /** Resilience4j's config from the provider's policy; the clock drives open → half-open. */
    static CircuitBreakerConfig breakerConfig(CircuitBreakerPolicy policy, Clock clock) {
        int window = Math.max(1, policy.getSlidingWindowSize());
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(Math.max(1f, Math.min(100f, policy.getFailureRateThreshold())))
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.max(1, Math.min(window, policy.getMinimumCalls())))
                .waitDurationInOpenState(Duration.ofMillis(Math.max(1, policy.getWaitInOpenMs())))
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, policy.getHalfOpenCalls()))
                .clock(clock)
                .writableStackTraceEnabled(false)
                .build();
    }

    /** The Resilience4j breaker, for tests that watch its events. */
    CircuitBreaker breaker() {
        return breaker;
    }

    /** Called (on any thread) when the breaker changes state. */
    public void onTransition(Runnable listener) {
        this.onTransition = listener;
    }

    public Pacer pacer() {
        return pacer;
    }

    /** How long until a call of {@code estimate} could start; zero when it could start now. */
    public Duration waitTime(TokenReservation.Estimate estimate) {
        return pacer.waitTime(pacer.tokens(estimate));
    }

    /** Admits one HTTP call of {@code estimate}. */
    public Admission admit(TokenReservation.Estimate estimate) {
        long tokens = pacer.tokens(estimate);
        Pacer.Reservation reservation = pacer.tryReserve(tokens);
        if (reservation == null) {
            Duration wait = pacer.waitTime(tokens);
            return new Admission(null, wait.isZero() ? Duration.ofMillis(1) : wait, false);
        }
        if (!breaker.tryAcquirePermission()) {
            pacer.cancel(reservation);
            return new Admission(null, Duration.ZERO, true);
        }
        return new Admission(new Permit(reservation, estimate, clock.instant()), Duration.ZERO, false);
    }

    /** The provider answered with a 2xx whose body parsed to {@code output}. */
    public void succeeded(Permit permit, HttpAnswer answer, ProviderOutput output) {
        observeHeaders(permit, answer, null);
        if (output != null) {
            pacer.reconcile(permit.reservation(), TokenReservation.actual(output.getUsage()));
            if (output.getUsage() != null) {
                pacer.calibrate(permit.estimate().prompt(), output.getUsage().getInputTokens());
            }
        }
        long nanos = elapsedNanos(permit);
        countCredential(null);
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        record(nanos, false);
    }

    /** The call failed with {@code error}; {@code answer} is null when no answer came. */
    public void failed(Permit permit, ProviderError error, HttpAnswer answer) {
        boolean rateLimited = error.errorClass() == ErrorClass.RATE_LIMITED;
        if (answer != null) {
            observeHeaders(permit, answer, rateLimited ? error : null);
        } else if (rateLimited) {
            pacer.rateLimited(
                    error.retryAfter() == null ? null : clock.instant().plus(error.retryAfter()));
        }
        if (answer != null && !rateLimited) {
            // the provider refused it before doing the work: nothing was spent on tokens
            pacer.reconcile(permit.reservation(), 0);
        }
        long nanos = elapsedNanos(permit);
        if (answer != null || ErrorPolicy.credentialRefused(error)) {
            countCredential(error);
        }
        if (ErrorPolicy.providerSide(error)) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(error.errorClass()));
            record(nanos, true);
        } else {
            breaker.releasePermission(); // not the provider's health: neither a success nor a failure
        }
    }

    /**
     * Counts AUTHENTICATION/PERMISSION answers in a row ({@code error} null: a success); any other
     * answer resets the count. The {@link #credentialRejections}-th marks the credential rejected:
     * from then on {@link #credentialRejection()} is set and the worker makes no call, until a new
     * worker (a new provider record version) starts with a new guard.
     */
    private void countCredential(ProviderError error) {
        boolean refused;
        synchronized (this) {
            if (rejection != null) {
                return;
            }
            if (error == null || !ErrorPolicy.credentialRefused(error)) {
                credentialFailures = 0;
                return;
            }
            credentialFailures++;
            refused = credentialFailures >= credentialRejections;
            if (refused) {
                rejection = new Rejection(clock.instant(), credentialFailures, error.httpStatus());
            }
        }
        if (refused) {
            onTransition.run();
        }
    }

    /** When and why the provider's credential was marked rejected, or null while it is not. */
    public Rejection credentialRejection() {
        return rejection;
    }

    /** How one provider type's answers are read for pacing. */
    @FunctionalInterface
    private interface RateLimitReader {
        RateLimits read(HttpAnswer answer, Instant now);
    }

    /** The adapter's reading of {@code type}'s headers; OpenAI's for a type this build lacks (its worker cannot call anyway). */
    private static RateLimitReader rateLimitsOf(String type) {
        try {
            return ProviderAdapters.forType(type)::rateLimits;
        } catch (IllegalArgumentException e) {
            return OpenAiFormatRateLimits::read;
        }
    }

    /** Feeds the answer's rate-limit headers to the pacer; {@code refusal} is the classified 429, null for any other answer. */
    private void observeHeaders(Permit permit, HttpAnswer answer, ProviderError refusal) {
        Instant now = answer.receivedAt() != null ? answer.receivedAt() : clock.instant();
        RateLimits info = rateLimits.read(answer, now);
        pacer.observe(info, permit.start());
        if (refusal != null) {
            pacer.rateLimited(info.pauseUntil(refusal.retryAfter(), now));
        }
    }

    private long elapsedNanos(Permit permit) {
        return Math.max(0, Duration.between(permit.start(), clock.instant()).toNanos());
    }

    private synchronized void record(long nanos, boolean error) {
        double ms = nanos / 1e6;
        latencies.add(clock.millis(), ms);
        if (!seen) {
            latencyEwmaMs = ms;
            errorRate = error ? 1 : 0;
            seen = true;
            return;
        }
        latencyEwmaMs = ALPHA * ms + (1 - ALPHA) * latencyEwmaMs;
        errorRate = ALPHA * (error ? 1 : 0) + (1 - ALPHA) * errorRate;
    }

    /**
     * The breaker state in the schema's terms (DISABLED, FORCED_OPEN, METRICS_ONLY map to their effect).
     * An open breaker whose wait is over reports HALF_OPEN: Resilience4j half-opens only when a call
     * asks, and the router sends no job to a provider it sees open, so without this no probe would
     * ever come and the provider would stay out of routing for good.
     */
    public BreakerState breakerState() {
        // Resilience4j changes its state first and tells the listener after: a state the listener has
        // not recorded yet was entered just now (never "open since the epoch", never the previous opening)
        Entered last = entered.get();
        CircuitBreaker.State state = breaker.getState();
        Instant since = state == last.state() ? last.at() : clock.instant();
        return switch (state) {
            case OPEN -> clock.instant().isAfter(since.plus(waitInOpen)) ? BreakerState.HALF_OPEN : BreakerState.OPEN;
            case FORCED_OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            default -> BreakerState.CLOSED;
        };
    }

    /** Until when the provider asked this worker to wait (its last 429), or null when it does not. */
    public synchronized Instant rateLimitedUntil() {
        Instant paused = pacer.pausedUntil();
        return paused.isAfter(clock.instant()) ? paused : null;
    }

    /**
     * The health figures as this worker sees them. Sorts the window's latencies for the percentiles: for a
     * publication, not for each poll ({@link #breakerState} and {@link #rateLimitedUntil} are cheap).
     */
    public synchronized Health health() {
        LatencyWindow.Percentiles percentiles = latencies.percentiles(clock.millis());
        return new Health(
                breakerState(),
                rateLimitedUntil(),
                latencyEwmaMs,
                percentiles == null ? null : percentiles.p50Ms(),
                percentiles == null ? null : percentiles.p99Ms(),
                errorRate,
                pacer.requestsInWindow(),
                pacer.tokensInWindow(),
                rejection);
    }

    /**
     * A snapshot for the provider-health topic; {@code rejection} is null while the credential is not marked rejected,
     * {@code latencyP50Ms}/{@code latencyP99Ms} while no attempt finished in the last window.
     */
    public record Health(
            BreakerState breaker,
            Instant rateLimitedUntil,
            double latencyEwmaMs,
            Double latencyP50Ms,
            Double latencyP99Ms,
            double errorRate,
            long requestsInWindow,
            long tokensInWindow,
            Rejection rejection) {}

    /** What the breaker records: the class only, no stack trace. */
    static final class ProviderFailure extends RuntimeException {
        ProviderFailure(ErrorClass errorClass) {
            super(errorClass.name(), null, false, false);
        }
    }
}
