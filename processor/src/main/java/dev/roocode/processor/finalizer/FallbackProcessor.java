package dev.roocode.processor.finalizer;

import dev.roocode.processor.router.EffectiveRoute;
import dev.roocode.processor.topology.ProcessorSettings;
import dev.roocode.processor.topology.RequestProcessor;
import dev.roocode.processor.topology.RequestState;
import dev.roocode.processor.topology.TaskLedgers;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a failed attempt: re-routes the job to a provider not yet tried (the fallback chain
 * first), or — for request errors another provider would reject too (unless the route policy says
 * fallbackOnRequestErrors), after the route's maxAttempts, or past the deadline — writes its FAILED
 * Result listing every attempt. A repeated report of an attempt already handled is dropped.
 */
public final class FallbackProcessor extends RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(FallbackProcessor.class);
    private static final Set<ErrorClass> REQUEST_ERRORS = EnumSet.of(ErrorClass.BAD_REQUEST, ErrorClass.CONTEXT_LENGTH, ErrorClass.CONTENT_POLICY);

    private final AvroSerde<AttemptFailed> failures;

    public FallbackProcessor(ProcessorSettings settings, TaskLedgers ledgers) {
        super(settings, ledgers);
        this.failures = settings.topics().fallback().valueSerde(settings.registry());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        AttemptFailed failure;
        try {
            failure = failures.deserialize(settings.topics().fallback().name(), record.value());
        } catch (SerializationException e) {
            reject(record, requestIdOf(record.key()), "undecodable attempt failure: " + e.getMessage(), false);
            return;
        }
        if (failure == null) {
            reject(record, requestIdOf(record.key()), "empty attempt failure record (null value)", false);
            return;
        }
        Job job = failure.getDispatched().getJob();
        AttemptRecord attempt = failure.getAttempt();
        RequestState state = requests.get(job.getRequestId());
        if (state != null && (state.done() || state.attempt() != attempt.getAttempt())) {
            log.debug("Dropping stale failure of job {} attempt {}", job.getRequestId(), attempt.getAttempt());
            return;
        }
        List<AttemptRecord> attempts = new ArrayList<>(failure.getDispatched().getHistory());
        attempts.add(attempt);
        emitUsage(job, attempt, 0, 0, 0);
        String stop = reasonToStop(job, failure.getError().getErrorClass(), attempts.size());
        if (failure.getError().getErrorClass() == ErrorClass.CANCELLED) {
            // a worker skipped the job of a cancelled batch instead of calling it: its error says which batch
            finish(job, Results.failed(job, failure.getError(), attempts, now()), state);
        } else if (finishIfCancelled(job, attempts)) {
            return; // the batch was cancelled while this attempt ran: no other provider is tried
        } else if (stop != null) {
            log.debug("Not re-routing job {}: {}", job.getRequestId(), stop);
            finish(job, Results.failed(job, failure.getError(), attempts, now()), state);
        } else if (job.getRouting().getDeadline() != null && job.getRouting().getDeadline().isBefore(now())) {
            finish(job, Results.failed(job, Results.error(ErrorClass.DEADLINE_EXCEEDED, "deadline passed after "
                    + failure.getError().getErrorClass() + " from " + attempt.getProvider(), failure.getError().getHttpStatus(),
                    attempt.getProvider()), attempts, now()), state);
        } else {
            dispatchOrFail(job, attempts, attempt.getAttempt() + 1, failure.getError());
        }
    }

    /**
     * Why the job must not try another provider, or null when it may: a request error another
     * provider would reject too (unless the route policy says fallbackOnRequestErrors), or the
     * route's maxAttempts reached.
     */
    private String reasonToStop(Job job, ErrorClass errorClass, int attemptsMade) {
        EffectiveRoute route = routeOf(job);
        if (REQUEST_ERRORS.contains(errorClass) && !route.fallbackOnRequestErrors()) {
            return errorClass + " is a request error";
        }
        if (attemptsMade >= route.maxAttempts()) {
            return attemptsMade + " of " + route.maxAttempts() + " attempts made";
        }
        return null;
    }
}
