package dev.roocode.connectors.execution;

import dev.roocode.connectors.metrics.ProviderMeters;
import dev.roocode.connectors.metrics.WorkerMetrics;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.core.provider.JobField;
import dev.roocode.core.trace.LogFields;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.JobFields;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a job at one provider: the HTTP call plus in-worker retries of every failure
 * the provider's classifier marks retryable ({@link ErrorPolicy}: 408, 409, 429, 500, 502, 503, 504,
 * 529, connection errors, call timeouts), with exponential backoff and full jitter from the
 * provider's {@link RetryPolicy}, up to its maxAttempts calls, never sooner than the provider's
 * Retry-After and never past the job's deadline. A Retry-After longer than the policy's largest backoff ends the attempt instead, so
 * the router can pick another provider rather than holding a window slot.
 *
 * <p>Every HTTP call, first or retry, passes the provider's {@link ProviderGuard}: it waits while
 * the pacer has no budget (or a 429 paused the provider), and fails at once with
 * PROVIDER_UNAVAILABLE, without a call, while the circuit is open. Once the guard has marked the
 * credential rejected (several AUTHENTICATION/PERMISSION answers in a row), every attempt fails at
 * once with AUTHENTICATION "credential of provider X rejected at T", without a call.
 *
 * <p>The returned future always completes normally with an {@link AttemptOutcome}. Nothing blocks:
 * waits go through the injected {@link Scheduler}, time comes from the injected {@link Clock}.
 * The API key is replaced by {@code ***} in every message.
 */
public final class AttemptExecutor {
    private static final Logger log = LoggerFactory.getLogger(AttemptExecutor.class);
    private final ProviderAdapter adapter;
    private final ProviderConfig config;
    private final String apiKey;
    private final Transport transport;
    private final Clock clock;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final ProviderGuard guard;
    private final ProviderMeters meters;

    /** An executor without pacing limits or circuit breaker (tests of retries alone). */
    public AttemptExecutor(
            ProviderAdapter adapter,
            ProviderConfig config,
            String apiKey,
            Transport transport,
            Clock clock,
            Scheduler scheduler,
            RandomGenerator random) {
        this(adapter, config, apiKey, transport, clock, scheduler, random, ProviderGuard.unlimited(config, clock));
    }

    public AttemptExecutor(
            ProviderAdapter adapter,
            ProviderConfig config,
            String apiKey,
            Transport transport,
            Clock clock,
            Scheduler scheduler,
            RandomGenerator random,
            ProviderGuard guard) {
        this(
                adapter,
                config,
                apiKey,
                transport,
                clock,
                scheduler,
                random,
                guard,
                WorkerMetrics.disabled().provider(config.getName()));
    }

    /** An executor recording every call, retry, 429, pacing wait and the tokens into {@code meters}. */
    public AttemptExecutor(
            ProviderAdapter adapter,
            ProviderConfig config,
            String apiKey,
            Transport transport,
            Clock clock,
            Scheduler scheduler,
            RandomGenerator random,
            ProviderGuard guard,
            ProviderMeters meters) {
        this.guard = guard;
        this.meters = meters;
        this.adapter = adapter;
        this.config = config;
        this.apiKey = apiKey;
        this.transport = transport;
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
    }

    /** Executes {@code job}; the future completes with the outcome and never exceptionally. */
    public CompletableFuture<AttemptOutcome> execute(DispatchedJob job) {
        return execute(job, TokenReservation.estimateOf(job));
    }

    /** Executes {@code job} whose calls each reserve {@code tokens} (its {@link TokenReservation#estimateOf}). */
    public CompletableFuture<AttemptOutcome> execute(DispatchedJob job, TokenReservation.Estimate tokens) {
        return execute(job, tokens, TraceParent.fresh());
    }

    /**
     * {@link #execute(DispatchedJob, TokenReservation.Estimate)} within the trace of {@code span} (the worker's span
     * of the job): every provider call carries a {@code traceparent} header with that trace id and a span id of its own.
     */
    public CompletableFuture<AttemptOutcome> execute(
            DispatchedJob job, TokenReservation.Estimate tokens, TraceParent span) {
        Run run = new Run(job, clock.instant(), tokens, span);
        try {
            checkCapabilities(job.getJob());
            run.call = adapter.toHttpCall(job, config, apiKey);
        } catch (ProviderException e) {
            return CompletableFuture.completedFuture(run.fail(e.error()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    run.fail(ProviderError.of(ErrorClass.INVALID_JOB, false, "cannot build request: " + e)));
        }
        run.next();
        return run.result;
    }

    /**
     * Refuses a job using a field this type does not honour (its descriptor says which) before any call,
     * naming the field; the router normally routes such a job to a type that can.
     */
    private void checkCapabilities(Job job) {
        if (job.getKind() != JobKind.CHAT && job.getKind() != JobKind.EMBEDDING) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "unsupported job kind " + job.getKind());
        }
        Optional<JobField> unsupported = adapter.descriptor().firstUnsupported(JobFields.used(job));
        if (unsupported.isPresent()) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST,
                    "provider type " + adapter.type() + " does not support "
                            + unsupported.get().label());
        }
    }

    /** The backoff ceiling before retry number {@code retry} (1 = first retry), capped by maxBackoffMs. */
    static long backoffCeilingMs(RetryPolicy policy, int retry) {
        double ceiling = policy.getInitialBackoffMs() * Math.pow(Math.max(1.0, policy.getMultiplier()), retry - 1);
        return (long) Math.min(policy.getMaxBackoffMs(), ceiling);
    }

    /** The state of one attempt; its callbacks run one after another, never concurrently. */
    private final class Run {
        final DispatchedJob job;
        final Instant start;
        final Instant deadline;
        final CompletableFuture<AttemptOutcome> result = new CompletableFuture<>();
        final TokenReservation.Estimate tokens;
        /** The worker's span of the job; each call is a child of it. */
        final TraceParent span;

        HttpCall call;
        int calls;
        ProviderGuard.Permit permit;

        Run(DispatchedJob job, Instant start, TokenReservation.Estimate tokens, TraceParent span) {
            this.span = span;
            this.job = job;
            this.start = start;
            this.deadline = job.getJob().getRouting() == null
                    ? null
                    : job.getJob().getRouting().getDeadline();
            this.tokens = tokens;
        }

        String requestId() {
            return job.getJob().getRequestId();
        }

        /** Whether the current call's timeout is the time left before the deadline rather than the provider's timeout. */
        private boolean cutByDeadline;

        void next() {
            Instant now = clock.instant();
            cutByDeadline = false;
            Duration timeout = Duration.ofMillis(Math.max(1, config.getTimeoutMs()));
            if (deadline != null) {
                Duration left = Duration.between(now, deadline);
                if (left.isNegative() || left.isZero()) {
                    result.complete(fail(ProviderError.of(
                            ErrorClass.DEADLINE_EXCEEDED, false, "deadline " + deadline + " passed before the call")));
                    return;
                }
                cutByDeadline = left.compareTo(timeout) < 0;
                timeout = cutByDeadline ? left : timeout;
            }
            ProviderGuard.Rejection rejection = guard.credentialRejection();
            if (rejection != null) {
                // no call: the provider refused the key several times in a row; another provider may serve the job
                result.complete(fail(ProviderError.of(
                        ErrorClass.AUTHENTICATION, false, rejectedMessage(config.getName(), rejection))));
                return;
            }
            ProviderGuard.Admission admission = guard.admit(tokens);
            if (admission.circuitOpen()) {
                result.complete(fail(ProviderError.of(
                        ErrorClass.PROVIDER_UNAVAILABLE, false, "circuit open for provider " + config.getName())));
                return;
            }
            if (admission.permit() == null) {
                waitForBudget(admission.delay(), now);
                return;
            }
            permit = admission.permit();
            calls++;
            CompletableFuture<HttpAnswer> sent;
            try {
                sent = transport.send(
                        call.withHeader(TraceParent.HEADER, span.child().header()), timeout);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((answer, failure) -> {
                // an HTTP or timer thread: the job's log fields are set again here, and cleared after
                try (LogFields.Scope fields =
                        LogFields.put(requestId(), job.getJob().getBatchId(), config.getName(), span)) {
                    handle(answer, failure);
                } catch (RuntimeException e) {
                    // a bug in an adapter must not leave the window slot occupied forever
                    result.complete(fail(ProviderError.of(ErrorClass.PROVIDER_ERROR, false, "unexpected " + e)));
                }
            });
        }

        /** No budget now: wait for it (the worker stops starting jobs meanwhile), unless that passes the deadline or the policy. */
        void waitForBudget(Duration wait, Instant now) {
            if ((deadline != null && !now.plus(wait).isBefore(deadline))
                    || (calls > 0 && wait.toMillis() > config.getRetry().getMaxBackoffMs())) {
                result.complete(fail(ProviderError.of(
                        ErrorClass.RATE_LIMITED,
                        true,
                        "rate limit budget of provider " + config.getName() + " exhausted for " + wait.toMillis()
                                + " ms")));
                return;
            }
            meters.pacingWait(wait);
            scheduler.schedule(this::next, wait);
        }

        void handle(HttpAnswer answer, Throwable failure) {
            if (failure != null) {
                Throwable cause = failure.getCause() != null && !(failure instanceof ProviderException)
                        ? failure.getCause()
                        : failure;
                ProviderError error = cause instanceof ProviderException pe
                        ? pe.error()
                        : ProviderError.of(ErrorClass.NETWORK, true, "no answer: " + cause);
                if (cutByDeadline && error.errorClass() == ErrorClass.TIMEOUT) {
                    // the job's deadline, not the provider's timeout, ended the wait: not a sign of an unhealthy
                    // provider
                    error = ProviderError.of(
                            ErrorClass.DEADLINE_EXCEEDED, false, "deadline " + deadline + " passed during the call");
                }
                guard.failed(permit, error, null);
                recordCall(error);
                retryOrFail(error);
                return;
            }
            if (answer.isSuccess()) {
                ProviderOutput output;
                try {
                    output = adapter.parse(job, answer);
                } catch (ProviderException e) {
                    ProviderError error = withStatus(e.error(), answer.status());
                    guard.failed(permit, error, answer);
                    recordCall(error);
                    result.complete(fail(error));
                    return;
                }
                guard.succeeded(permit, answer, output);
                recordCall(null);
                if (output != null && output.getUsage() != null) {
                    meters.tokens(
                            job.getAssignment().getProviderModel(),
                            output.getUsage().getInputTokens(),
                            output.getUsage().getOutputTokens());
                }
                result.complete(succeed(answer, output));
                return;
            }
            ProviderError error = adapter.classify(answer);
            guard.failed(permit, error, answer);
            recordCall(error);
            retryOrFail(error);
        }

        /** The call just answered (or failed) ended {@code error} (null: succeeded) after the time since its permit. */
        void recordCall(ProviderError error) {
            long nanos = Math.max(
                    0, Duration.between(permit.start(), clock.instant()).toNanos());
            meters.call(job.getAssignment().getProviderModel(), error == null ? null : error.errorClass(), nanos);
            if (error != null
                    && (error.errorClass() == ErrorClass.RATE_LIMITED
                            || (error.httpStatus() != null && error.httpStatus() == 429))) {
                meters.rateLimited();
            }
        }

        void retryOrFail(ProviderError error) {
            boolean retryable = ErrorPolicy.retryable(error);
            if (!retryable) {
                result.complete(fail(error));
                return;
            }
            if (calls >= config.getRetry().getMaxAttempts()) {
                result.complete(fail(error));
                return;
            }
            RetryPolicy policy = config.getRetry();
            long delayMs = (long) (random.nextDouble() * backoffCeilingMs(policy, calls));
            if (error.retryAfter() != null) {
                long retryAfterMs = error.retryAfter().toMillis();
                if (retryAfterMs > policy.getMaxBackoffMs()) {
                    result.complete(fail(error));
                    return;
                }
                delayMs = Math.max(delayMs, retryAfterMs);
            }
            // a 429 has paused the whole provider (Retry-After plus a margin): wake up when that ends, not before
            delayMs = Math.max(delayMs, guard.waitTime(tokens).toMillis());
            Instant retryAt = clock.instant().plusMillis(delayMs);
            if (deadline != null && !retryAt.isBefore(deadline)) {
                result.complete(fail(error));
                return;
            }
            log.debug(
                    "requestId={} provider={} call {} failed with {}, retrying in {} ms",
                    requestId(),
                    config.getName(),
                    calls,
                    error.errorClass(),
                    delayMs);
            meters.retry();
            scheduler.schedule(this::next, Duration.ofMillis(delayMs));
        }

        AttemptOutcome succeed(HttpAnswer answer, ProviderOutput output) {
            Instant now = clock.instant();
            AttemptRecord record = record(now, answer.status(), null, null);
            return new AttemptOutcome.Succeeded(new AttemptSucceeded(job, record, output, now));
        }

        AttemptOutcome fail(ProviderError error) {
            Instant now = clock.instant();
            String message = redact(error.message());
            AttemptRecord record = record(now, error.httpStatus(), error.errorClass(), message);
            ErrorInfo info = new ErrorInfo(
                    error.errorClass(),
                    message,
                    error.httpStatus(),
                    job.getAssignment().getProvider());
            log.debug(
                    "requestId={} provider={} attempt failed after {} call(s): {}",
                    requestId(),
                    config.getName(),
                    calls,
                    message);
            return new AttemptOutcome.Failed(new AttemptFailed(
                    job,
                    record,
                    info,
                    ErrorPolicy.retryableElsewhere(error),
                    error.retryAfter() == null ? null : error.retryAfter().toMillis(),
                    now));
        }

        AttemptRecord record(Instant now, Integer httpStatus, ErrorClass errorClass, String message) {
            return AttemptRecord.newBuilder()
                    .setProvider(job.getAssignment().getProvider())
                    .setProviderModel(job.getAssignment().getProviderModel())
                    .setAttempt(job.getAssignment().getAttempt())
                    .setCalls(calls)
                    .setLatencyMs(Math.max(0, Duration.between(start, now).toMillis()))
                    .setHttpStatus(httpStatus)
                    .setErrorClass(errorClass)
                    .setMessage(message)
                    .build();
        }
    }

    /** Why a job failed without a call at a provider whose credential was marked rejected; names no key. */
    static String rejectedMessage(String provider, ProviderGuard.Rejection rejection) {
        return "credential of provider " + provider + " rejected at " + rejection.at() + " (" + rejection.reason()
                + "); no call made. Fix the key and update the provider (roocode providers update " + provider
                + " ...)";
    }

    private static ProviderError withStatus(ProviderError error, int status) {
        return error.httpStatus() != null
                ? error
                : new ProviderError(
                        error.errorClass(),
                        status,
                        error.retryable(),
                        error.retryAfter(),
                        error.message(),
                        error.elsewhere());
    }

    private String redact(String message) {
        if (message == null || apiKey == null || apiKey.isEmpty()) {
            return message;
        }
        return message.replace(apiKey, "***");
    }
}
