package dev.roocode.processor.finalizer;

import dev.roocode.processor.deferral.OutageWaits;
import dev.roocode.processor.metrics.ProcessorMetrics;
import dev.roocode.processor.requests.Emit;
import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.requests.RequestState;
import dev.roocode.processor.requests.Requests;
import dev.roocode.processor.requests.Results;
import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.processor.router.BatchTries;
import dev.roocode.processor.router.Deferral;
import dev.roocode.processor.router.EffectiveRoute;
import dev.roocode.processor.router.RoomGate;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.serde.AvroSerde;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a failed attempt: re-routes the job to a provider not yet tried (the fallback chain
 * first), or — for a failure the worker's classifier says no other provider can fix
 * ({@code AttemptFailed.retryable} false, unless the route policy says fallbackOnRequestErrors), after the
 * route's maxAttempts, or past the deadline — writes its FAILED
 * Result listing every attempt. A repeated report of an attempt already handled is dropped.
 *
 * <p>Outage waits: a job that failed because its provider was down ({@link OutageWaits#OUTAGE_ERRORS})
 * and has no other provider left does not fail while it can wait: it parks in {@link OutageWaits},
 * whose release passes this processor runs.
 */
public final class FallbackProcessor implements Processor<byte[], byte[], String, Emit> {
    private static final Logger log = LoggerFactory.getLogger(FallbackProcessor.class);

    private final ProcessorSettings settings;
    private final AvroSerde<AttemptFailed> failures;
    /** The task's request store, routing, dispatch and finish. */
    private final Requests requests;
    /** Jobs waiting out their only provider's outage; this processor parks them and runs the release passes. */
    private final OutageWaits outageWaits;

    public FallbackProcessor(ProcessorSettings settings, Requests requests) {
        this.settings = settings;
        this.failures = settings.topics().fallback().valueSerde(settings.registry());
        this.requests = requests;
        this.outageWaits = new OutageWaits(settings, requests);
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        requests.init(context);
        outageWaits.init(context);
        outageWaits.scheduleReleases(context);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        requests.beginRecord(record.headers(), Requests.requestIdOf(record.key()));
        try {
            processRecord(record);
        } finally {
            requests.endRecord();
        }
    }

    private void processRecord(Record<byte[], byte[]> record) {
        AttemptFailed failure;
        try {
            failure = failures.deserialize(settings.topics().fallback().name(), record.value());
        } catch (SerializationException e) {
            requests.reject(
                    record,
                    Requests.requestIdOf(record.key()),
                    "undecodable attempt failure: " + e.getMessage(),
                    false);
            return;
        }
        if (failure == null) {
            requests.reject(
                    record, Requests.requestIdOf(record.key()), "empty attempt failure record (null value)", false);
            return;
        }
        Job job = failure.getDispatched().getJob();
        requests.logJob(job, failure.getAttempt().getProvider());
        AttemptRecord attempt = failure.getAttempt();
        RequestState state = requests.store().get(job.getRequestId());
        if (state != null && (state.done() || state.attempt() != attempt.getAttempt())) {
            log.debug("Dropping stale failure of job {} attempt {}", job.getRequestId(), attempt.getAttempt());
            return;
        }
        List<AttemptRecord> attempts = Results.attemptsOf(failure);
        requests.emitUsage(job, attempt, 0, 0, 0);
        ErrorClass errorClass = failure.getError().getErrorClass();
        String stop = reasonToStop(job, failure, attempts);
        if (errorClass == ErrorClass.CANCELLED) {
            // a worker skipped the job of a cancelled batch instead of calling it: its error says which batch
            requests.finish(job, Results.failed(job, failure.getError(), attempts, requests.now()), state);
        } else if (requests.finishIfCancelled(job, attempts)) {
            return; // the batch was cancelled while this attempt ran: no other provider is tried
        } else if (stop != null) {
            log.debug("Not re-routing job {}: {}", job.getRequestId(), stop);
            ErrorInfo error = failure.getError();
            if (OutageWaits.OUTAGE_ERRORS.contains(errorClass)) {
                error = Results.error(
                        errorClass,
                        error.getMessage() + "; attempt budget of "
                                + requests.routeOf(job).maxAttempts() + " spent while provider " + attempt.getProvider()
                                + " was unavailable",
                        error.getHttpStatus(),
                        error.getProvider());
            }
            requests.finish(job, Results.failed(job, error, attempts, requests.now()), state);
        } else if (job.getRouting().getDeadline() != null
                && job.getRouting().getDeadline().isBefore(requests.now())) {
            requests.finish(
                    job,
                    Results.failed(
                            job,
                            Results.error(
                                    ErrorClass.DEADLINE_EXCEEDED,
                                    "deadline passed after "
                                            + failure.getError().getErrorClass() + " from " + attempt.getProvider(),
                                    failure.getError().getHttpStatus(),
                                    attempt.getProvider()),
                            attempts,
                            requests.now()),
                    state);
        } else {
            Set<String> tried = new HashSet<>();
            attempts.forEach(a -> tried.add(a.getProvider()));
            RouteDecision decision = requests.decide(
                    job,
                    requests.routableProviders(),
                    tried,
                    BatchTries.of(attempts),
                    null,
                    Deferral.NEVER,
                    RoomGate.OPEN,
                    0);
            Long limitMs = decision instanceof RouteDecision.Rejected ? outageWaits.limitMs(failure) : null;
            if (limitMs != null) {
                settings.metrics().deferred(ProcessorMetrics.DEFERRED_CIRCUIT_OPEN);
                outageWaits.park(failure, limitMs);
            } else {
                requests.act(job, attempts, attempt.getAttempt() + 1, failure.getError(), decision);
            }
        }
    }

    /**
     * Why the job must not try another provider, or null when it may: the worker's classifier said no
     * other provider can fix the failure ({@code AttemptFailed.retryable} false, e.g. a bad request;
     * unless the route policy says fallbackOnRequestErrors), or the route's maxAttempts is reached.
     * A batch line's failure always goes on (to another provider's batch, or the same one's after the
     * line's own 429 or 5xx, while the deadline and the attempts allow, see {@code BatchCandidates}, else to
     * a realtime provider): a line rejected by the
     * batch API (too big for its file, a model its batch API lacks), failed or expired says nothing of
     * the realtime API, which classifies the job anew. The first batch attempt does not count against
     * maxAttempts, every later one does (the router takes one only while it leaves a realtime attempt).
     */
    private String reasonToStop(Job job, AttemptFailed failure, List<AttemptRecord> attempts) {
        EffectiveRoute route = requests.routeOf(job);
        boolean fromBatch = BatchCandidates.isBatch(failure.getAttempt().getProvider());
        if (!failure.getRetryable() && !route.fallbackOnRequestErrors() && !fromBatch) {
            return failure.getError().getErrorClass() + " cannot succeed at another provider";
        }
        int attemptsMade = 0;
        boolean firstBatch = true;
        for (AttemptRecord made : attempts) {
            if (BatchCandidates.isBatch(made.getProvider()) && firstBatch) {
                firstBatch = false; // the first batch try is free: its line may fail for reasons of batch alone
            } else {
                attemptsMade++;
            }
        }
        if (attemptsMade >= route.maxAttempts()) {
            return attemptsMade + " of " + route.maxAttempts() + " attempts made";
        }
        return null;
    }
}
