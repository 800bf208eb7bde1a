package dev.roocode.processor.finalizer;

import dev.roocode.processor.router.Deferral;
import dev.roocode.processor.router.EffectiveRoute;
import dev.roocode.processor.router.Offers;
import dev.roocode.processor.router.RoomGate;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.processor.topology.Emit;
import dev.roocode.processor.topology.OutageWait;
import dev.roocode.processor.topology.ParkedJob;
import dev.roocode.processor.topology.ProcessorSettings;
import dev.roocode.processor.topology.RequestProcessor;
import dev.roocode.processor.topology.RequestState;
import dev.roocode.processor.topology.RoocodeTopology;
import dev.roocode.processor.topology.TaskLedgers;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a failed attempt: re-routes the job to a provider not yet tried (the fallback chain
 * first), or — for a failure the worker's classifier says no other provider can fix
 * ({@code AttemptFailed.retryable} false, unless the route policy says fallbackOnRequestErrors), after the
 * route's maxAttempts, or past the deadline — writes its FAILED
 * Result listing every attempt. A repeated report of an attempt already handled is dropped.
 *
 * <p>Outage waits: a job that failed because its provider was down ({@link #OUTAGE_ERRORS}: the
 * worker's "circuit open", 503, network errors, timeouts) and has no other provider left does not
 * fail while it can wait: it parks in the {@code outage-waits} store (marked parked in the requests
 * store) until its deadline, or {@code route.outage.max.wait.ms} when it has none. A wall-clock
 * punctuator looks at the parked jobs every {@link #OUTAGE_CHECK_INTERVAL}: when the provider's
 * published breaker is closed again, every job waiting for it goes back to it as a new attempt; while
 * it is still open (or half-open), at most {@code halfOpenCalls} jobs go once per {@code waitInOpenMs}
 * of its breaker policy, as the probes that let the workers' breaker close. A job fails when its
 * deadline or wait passes while parked, or when the route's maxAttempts is spent, and its Result
 * says which.
 */
public final class FallbackProcessor extends RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(FallbackProcessor.class);
    /** Failures that say the provider is down rather than that the job is wrong: the ones a job may wait out. */
    static final Set<ErrorClass> OUTAGE_ERRORS = EnumSet.of(ErrorClass.PROVIDER_UNAVAILABLE, ErrorClass.NETWORK, ErrorClass.TIMEOUT);
    /** How often the jobs waiting out an outage are looked at. */
    public static final Duration OUTAGE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final AvroSerde<AttemptFailed> failures;
    /** limit + requestId → OutageWait: jobs waiting out their only provider's outage; see the class comment. */
    private KeyValueStore<String, OutageWait> waiting;
    /** provider → when this task last let probe jobs go to it while its breaker was open (pacing only, not state). */
    private final Map<String, Long> lastProbeMs = new HashMap<>();

    public FallbackProcessor(ProcessorSettings settings, TaskLedgers ledgers) {
        super(settings, ledgers);
        this.failures = settings.topics().fallback().valueSerde(settings.registry());
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        super.init(context);
        this.waiting = context.getStateStore(RoocodeTopology.OUTAGE_STORE);
        context.schedule(OUTAGE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseWaiting);
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
        List<AttemptRecord> attempts = attemptsOf(failure);
        emitUsage(job, attempt, 0, 0, 0);
        ErrorClass errorClass = failure.getError().getErrorClass();
        String stop = reasonToStop(job, failure, attempts.size());
        if (errorClass == ErrorClass.CANCELLED) {
            // a worker skipped the job of a cancelled batch instead of calling it: its error says which batch
            finish(job, Results.failed(job, failure.getError(), attempts, now()), state);
        } else if (finishIfCancelled(job, attempts)) {
            return; // the batch was cancelled while this attempt ran: no other provider is tried
        } else if (stop != null) {
            log.debug("Not re-routing job {}: {}", job.getRequestId(), stop);
            ErrorInfo error = failure.getError();
            if (OUTAGE_ERRORS.contains(errorClass)) {
                error = Results.error(errorClass, error.getMessage() + "; attempt budget of " + routeOf(job).maxAttempts()
                        + " spent while provider " + attempt.getProvider() + " was unavailable", error.getHttpStatus(), error.getProvider());
            }
            finish(job, Results.failed(job, error, attempts, now()), state);
        } else if (job.getRouting().getDeadline() != null && job.getRouting().getDeadline().isBefore(now())) {
            finish(job, Results.failed(job, Results.error(ErrorClass.DEADLINE_EXCEEDED, "deadline passed after "
                    + failure.getError().getErrorClass() + " from " + attempt.getProvider(), failure.getError().getHttpStatus(),
                    attempt.getProvider()), attempts, now()), state);
        } else {
            Set<String> tried = new HashSet<>();
            attempts.forEach(a -> tried.add(a.getProvider()));
            RouteDecision decision = decide(job, routableProviders(), tried, null, Deferral.NEVER, RoomGate.OPEN, 0);
            Long limitMs = decision instanceof RouteDecision.Rejected ? outageWaitLimitMs(failure) : null;
            if (limitMs != null) {
                park(failure, limitMs);
            } else {
                act(job, attempts, attempt.getAttempt() + 1, failure.getError(), decision);
            }
        }
    }

    /** The attempts made: the history plus the failed one, unless it is the stand-in of a job that parked at routing (attempt 0). */
    private static List<AttemptRecord> attemptsOf(AttemptFailed failure) {
        List<AttemptRecord> attempts = new ArrayList<>(failure.getDispatched().getHistory());
        if (failure.getAttempt().getAttempt() > 0) {
            attempts.add(failure.getAttempt());
        }
        return attempts;
    }

    /**
     * Until when (epoch ms) {@code job} may wait for {@code provider} to come back, or null when it may
     * not: its deadline, else {@code maxWait} from now, must lie beyond the breaker's wait in open state.
     */
    public static Long outageWaitLimitMs(Job job, ProviderConfig provider, long nowMs, Duration maxWait) {
        if (provider == null || provider.getStatus() != ProviderStatus.ACTIVE) {
            return null;
        }
        Instant deadline = job.getRouting().getDeadline();
        long limitMs = deadline != null ? deadline.toEpochMilli() : nowMs + maxWait.toMillis();
        return nowMs + waitInOpenMs(provider) < limitMs ? limitMs : null;
    }

    /**
     * The stand-in failure a job parks with when, at its first routing, an open circuit is all that
     * keeps its only provider from it: attempt 0, not listed in its Result, the next attempt is 1.
     */
    public static AttemptFailed openAtRouting(Job job, RouteDecision.Assigned assigned, Instant now) {
        String message = "circuit open for provider " + assigned.provider() + " when the job was routed";
        Assignment assignment = Assignment.newBuilder().setProvider(assigned.provider()).setProviderModel(assigned.providerModel())
                .setAttempt(0).setStrategy(assigned.strategy()).setEstimatedInputTokens(assigned.estimatedInputTokens())
                .setEstimatedCostUsd(assigned.estimatedCostUsd()).setAssignedAt(now).build();
        return AttemptFailed.newBuilder()
                .setDispatched(dev.roocode.schemas.avro.DispatchedJob.newBuilder().setJob(job).setAssignment(assignment).setHistory(List.of()).build())
                .setAttempt(AttemptRecord.newBuilder().setProvider(assigned.provider()).setProviderModel(assigned.providerModel()).setAttempt(0)
                        .setCalls(0).setLatencyMs(0).setErrorClass(ErrorClass.PROVIDER_UNAVAILABLE).setMessage(message).build())
                .setError(Results.error(ErrorClass.PROVIDER_UNAVAILABLE, message, null, assigned.provider()))
                .setRetryable(true)
                .setFailedAt(now)
                .build();
    }

    /**
     * Until when (epoch ms) the job of {@code failure} may wait out its provider's outage, or null when it
     * may not: the failure is not an outage, the provider is gone, or its deadline (else
     * {@code route.outage.max.wait.ms} from now) leaves no room past the breaker's wait in open state.
     */
    private Long outageWaitLimitMs(AttemptFailed failure) {
        if (!OUTAGE_ERRORS.contains(failure.getError().getErrorClass())) {
            return null;
        }
        return outageWaitLimitMs(failure.getDispatched().getJob(), provider(failure.getAttempt().getProvider()), now().toEpochMilli(),
                settings.outageMaxWait());
    }

    private static long waitInOpenMs(ProviderConfig provider) {
        return Math.max(1, provider.getBreaker().getWaitInOpenMs());
    }

    private void park(AttemptFailed failure, long limitMs) {
        String requestId = failure.getDispatched().getJob().getRequestId();
        log.debug("Job {} waits out the outage of provider {} until {}", requestId, failure.getAttempt().getProvider(),
                Instant.ofEpochMilli(limitMs));
        waiting.put(ParkedJob.key(limitMs, requestId), new OutageWait(now().toEpochMilli(), failure));
        requests.put(requestId, RequestState.parked(now().toEpochMilli()));
    }

    /**
     * One pass over the jobs waiting out an outage, earliest limit first: fails those whose deadline or
     * wait has passed, sends every job back to a provider whose breaker is closed again, and lets
     * probe jobs go to one still open (or half-open) once its wait in open state has passed since the
     * last probes — those of its waiting jobs that have made the fewest attempts, so one job does not
     * spend its whole attempt budget probing a provider that is still down.
     */
    private void releaseWaiting(long wallClockMs) {
        List<String> done = new ArrayList<>();
        Map<String, List<KeyValue<String, OutageWait>>> probeCandidates = new HashMap<>();
        Set<String> routable = new HashSet<>();
        try (KeyValueIterator<String, OutageWait> any = waiting.all()) {
            if (!any.hasNext()) {
                return;
            }
        }
        routableProviders().forEach(p -> routable.add(p.getName())); // once per pass, not per waiting job
        try (KeyValueIterator<String, OutageWait> all = waiting.all()) {
            while (all.hasNext()) {
                KeyValue<String, OutageWait> entry = all.next();
                String stillOpen = releaseOrHold(entry, wallClockMs, routable);
                if (stillOpen == null) {
                    done.add(entry.key);
                } else if (wallClockMs - entry.value.waitingSinceMs() >= waitInOpenMs(provider(stillOpen))
                        && wallClockMs - lastProbeMs.getOrDefault(stillOpen, Long.MIN_VALUE / 2) >= waitInOpenMs(provider(stillOpen))) {
                    probeCandidates.computeIfAbsent(stillOpen, name -> new ArrayList<>()).add(entry);
                }
            }
        }
        probeCandidates.forEach((name, entries) -> {
            int probes = Math.max(1, provider(name).getBreaker().getHalfOpenCalls());
            entries.sort(java.util.Comparator.comparingInt(e -> e.value.failure().getAttempt().getAttempt())); // stable: earliest limit first among equals
            for (KeyValue<String, OutageWait> entry : entries.subList(0, Math.min(probes, entries.size()))) {
                redispatch(entry.value.failure());
                done.add(entry.key);
            }
            lastProbeMs.put(name, wallClockMs);
        });
        done.forEach(waiting::delete);
    }

    /**
     * Decides for one waiting job: finishes it (limit passed), sends it through the usual fallback
     * (its provider gone) or back to its provider (breaker closed) and returns null; or returns the
     * name of its provider, whose breaker is still open or half-open, and leaves it waiting.
     */
    private String releaseOrHold(KeyValue<String, OutageWait> entry, long nowMs, Set<String> routableNames) {
        AttemptFailed failure = entry.value.failure();
        Job job = failure.getDispatched().getJob();
        AttemptRecord attempt = failure.getAttempt();
        String name = attempt.getProvider();
        List<AttemptRecord> attempts = attemptsOf(failure);
        Instant since = Instant.ofEpochMilli(entry.value.waitingSinceMs());
        if (nowMs >= ParkedJob.deadlineOf(entry.key)) {
            ErrorInfo last = failure.getError();
            Instant deadline = job.getRouting().getDeadline();
            ErrorInfo error = deadline != null
                    ? Results.error(ErrorClass.DEADLINE_EXCEEDED, "deadline " + deadline + " passed while provider " + name
                            + " was unavailable (waiting since " + since + "; last error: " + last.getMessage() + ")", last.getHttpStatus(), name)
                    : Results.error(last.getErrorClass(), "provider " + name + " stayed unavailable for the outage wait of "
                            + settings.outageMaxWait().toMillis() + " ms (route.outage.max.wait.ms; waiting since " + since + "): "
                            + last.getMessage(), last.getHttpStatus(), name);
            finish(job, Results.failed(job, error, attempts, now()));
            return null;
        }
        ProviderConfig provider = provider(name);
        boolean routable = provider != null && provider.getStatus() == ProviderStatus.ACTIVE && routableNames.contains(name);
        if (!routable) {
            dispatchOrFail(job, attempts, attempt.getAttempt() + 1, failure.getError()); // gone meanwhile: fall back as usual
            return null;
        }
        if (!breakerClosed(provider)) {
            return name;
        }
        redispatch(failure);
        return null;
    }

    /**
     * Sends the job of {@code failure} to the same provider again as the next attempt, as the provider's
     * current config maps its model (the config may have changed while it waited).
     */
    private void redispatch(AttemptFailed failure) {
        Job job = failure.getDispatched().getJob();
        Assignment previous = failure.getDispatched().getAssignment();
        ProviderConfig provider = provider(previous.getProvider());
        String model = routeOf(job).model();
        String providerModel = Offers.find(provider, model, job.getKind()).map(offer -> Offers.providerModel(offer, model))
                .orElse(previous.getProviderModel());
        dispatch(job, attemptsOf(failure), failure.getAttempt().getAttempt() + 1, new RouteDecision.Assigned(previous.getProvider(),
                providerModel, previous.getStrategy(), previous.getEstimatedInputTokens(), 0, previous.getEstimatedCostUsd()));
    }

    /**
     * Why the job must not try another provider, or null when it may: the worker's classifier said no
     * other provider can fix the failure ({@code AttemptFailed.retryable} false, e.g. a bad request;
     * unless the route policy says fallbackOnRequestErrors), or the route's maxAttempts is reached.
     */
    private String reasonToStop(Job job, AttemptFailed failure, int attemptsMade) {
        EffectiveRoute route = routeOf(job);
        if (!failure.getRetryable() && !route.fallbackOnRequestErrors()) {
            return failure.getError().getErrorClass() + " cannot succeed at another provider";
        }
        if (attemptsMade >= route.maxAttempts()) {
            return attemptsMade + " of " + route.maxAttempts() + " attempts made";
        }
        return null;
    }
}
