package dev.roocode.processor.deferral;

import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.requests.RequestState;
import dev.roocode.processor.requests.Requests;
import dev.roocode.processor.requests.Results;
import dev.roocode.processor.router.Offers;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs waiting out an outage of their only provider, in the {@code outage-waits} store of a task (one
 * instance per processor that parks or releases them: the fallback-finalizer and the intake).
 *
 * <p>A job that failed because its provider was down ({@link #OUTAGE_ERRORS}: the worker's "circuit
 * open", 503, network errors, timeouts) and has no other provider left does not fail while it can
 * wait: it parks here (marked parked in the requests store) until its deadline, or
 * {@code route.outage.max.wait.ms} when it has none; so does a new job whose only provider's circuit is
 * open when it is routed. The fallback-finalizer's wall-clock punctuator looks at the parked jobs every
 * {@link #CHECK_INTERVAL}: when the provider's published breaker is closed again, every job waiting for
 * it goes back to it as a new attempt; while it is still open (or half-open), at most
 * {@code halfOpenCalls} jobs go once per {@code waitInOpenMs} of its breaker policy, as the probes that
 * let the workers' breaker close. A job fails when its deadline or wait passes while parked, or when
 * the route's maxAttempts is spent, and its Result says which.
 */
public final class OutageWaits {
    private static final Logger log = LoggerFactory.getLogger(OutageWaits.class);
    /**
     * The store's name: limit (deadline or end of the outage wait, zero-padded epoch ms) + "/" + requestId (+ the
     * job's trace, see {@link ParkedJob#key}) → {@link OutageWait}.
     */
    public static final String STORE = "outage-waits";
    /** Failures that say the provider is down rather than that the job is wrong: the ones a job may wait out. */
    public static final Set<ErrorClass> OUTAGE_ERRORS =
            EnumSet.of(ErrorClass.PROVIDER_UNAVAILABLE, ErrorClass.NETWORK, ErrorClass.TIMEOUT);
    /** How often the jobs waiting out an outage are looked at. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final ProcessorSettings settings;
    private final Requests requests;
    /**
     * limit + requestId → OutageWait; written when a job parks (fallback-finalizer or intake), deleted when a
     * release pass sends or fails it (never purged otherwise: every wait has a limit).
     */
    private KeyValueStore<String, OutageWait> waiting;
    /** provider → when this task last let probe jobs go to it while its breaker was open (pacing only, not state). */
    private final Map<String, Long> lastProbeMs = new HashMap<>();

    /** @param requests the owning processor's requests, through which waiting jobs are sent and finished */
    public OutageWaits(ProcessorSettings settings, Requests requests) {
        this.settings = settings;
        this.requests = requests;
    }

    /** Opens the task's store. */
    public void init(ProcessorContext<?, ?> context) {
        this.waiting = context.getStateStore(STORE);
    }

    /** Looks at the waiting jobs every {@link #CHECK_INTERVAL}; one processor per task (the fallback-finalizer) does. */
    public void scheduleReleases(ProcessorContext<?, ?> context) {
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseWaiting);
    }

    /**
     * Until when (epoch ms) {@code job} may wait for {@code provider} to come back, or null when it may
     * not: its deadline, else {@code maxWait} from now, must lie beyond the breaker's wait in open state.
     */
    public static Long limitMs(Job job, ProviderConfig provider, long nowMs, Duration maxWait) {
        if (provider == null || provider.getStatus() != ProviderStatus.ACTIVE) {
            return null;
        }
        Instant deadline = job.getRouting().getDeadline();
        long limitMs = deadline != null ? deadline.toEpochMilli() : nowMs + maxWait.toMillis();
        return nowMs + waitInOpenMs(provider) < limitMs ? limitMs : null;
    }

    /**
     * Parks a new job that no provider can take only because their circuits are open, to wait for the one it
     * would go to, while its deadline, or {@code route.outage.max.wait.ms}, leaves room past that provider's
     * wait in open state; true when it parked.
     */
    public boolean parkIfOnlyCircuitsOpen(Job job) {
        RouteDecision.Assigned blocked = requests.blockedOnlyByOpenCircuit(job, requests.routableProviders());
        Long limitMs = blocked == null
                ? null
                : limitMs(
                        job,
                        requests.provider(blocked.provider()),
                        requests.now().toEpochMilli(),
                        settings.outageMaxWait());
        if (limitMs == null) {
            return false;
        }
        waiting.put(
                ParkedJob.key(limitMs, job.getRequestId(), requests.trace()),
                new OutageWait(requests.now().toEpochMilli(), openAtRouting(job, blocked, requests.now())));
        requests.store()
                .put(job.getRequestId(), RequestState.parked(requests.now().toEpochMilli()));
        return true;
    }

    /**
     * The stand-in failure a job parks with when, at its first routing, an open circuit is all that
     * keeps its only provider from it: attempt 0, not listed in its Result, the next attempt is 1.
     */
    static AttemptFailed openAtRouting(Job job, RouteDecision.Assigned assigned, Instant now) {
        String message = "circuit open for provider " + assigned.provider() + " when the job was routed";
        Assignment assignment = Assignment.newBuilder()
                .setProvider(assigned.provider())
                .setProviderModel(assigned.providerModel())
                .setAttempt(0)
                .setStrategy(assigned.strategy())
                .setEstimatedInputTokens(assigned.estimatedInputTokens())
                .setEstimatedCostUsd(assigned.estimatedCostUsd())
                .setAssignedAt(now)
                .build();
        return AttemptFailed.newBuilder()
                .setDispatched(dev.roocode.schemas.avro.DispatchedJob.newBuilder()
                        .setJob(job)
                        .setAssignment(assignment)
                        .setHistory(List.of())
                        .build())
                .setAttempt(AttemptRecord.newBuilder()
                        .setProvider(assigned.provider())
                        .setProviderModel(assigned.providerModel())
                        .setAttempt(0)
                        .setCalls(0)
                        .setLatencyMs(0)
                        .setErrorClass(ErrorClass.PROVIDER_UNAVAILABLE)
                        .setMessage(message)
                        .build())
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
    public Long limitMs(AttemptFailed failure) {
        if (!OUTAGE_ERRORS.contains(failure.getError().getErrorClass())) {
            return null;
        }
        return limitMs(
                failure.getDispatched().getJob(),
                requests.provider(failure.getAttempt().getProvider()),
                requests.now().toEpochMilli(),
                settings.outageMaxWait());
    }

    private static long waitInOpenMs(ProviderConfig provider) {
        return Math.max(1, provider.getBreaker().getWaitInOpenMs());
    }

    /** Parks the job of {@code failure} until {@code limitMs} at the latest ({@link #limitMs(AttemptFailed)}). */
    public void park(AttemptFailed failure, long limitMs) {
        String requestId = failure.getDispatched().getJob().getRequestId();
        log.debug(
                "Job {} waits out the outage of provider {} until {}",
                requestId,
                failure.getAttempt().getProvider(),
                Instant.ofEpochMilli(limitMs));
        waiting.put(
                ParkedJob.key(limitMs, requestId, requests.trace()),
                new OutageWait(requests.now().toEpochMilli(), failure));
        requests.store().put(requestId, RequestState.parked(requests.now().toEpochMilli()));
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
        requests.routableProviders().forEach(p -> routable.add(p.getName())); // once per pass, not per waiting job
        try (KeyValueIterator<String, OutageWait> all = waiting.all()) {
            while (all.hasNext()) {
                KeyValue<String, OutageWait> entry = all.next();
                String stillOpen;
                requests.beginReleased(
                        ParkedJob.traceOf(entry.key),
                        entry.value.failure().getDispatched().getJob());
                try {
                    stillOpen = releaseOrHold(entry, wallClockMs, routable);
                } finally {
                    requests.endRecord();
                }
                if (stillOpen == null) {
                    done.add(entry.key);
                } else if (wallClockMs - entry.value.waitingSinceMs() >= waitInOpenMs(requests.provider(stillOpen))
                        && wallClockMs - lastProbeMs.getOrDefault(stillOpen, Long.MIN_VALUE / 2)
                                >= waitInOpenMs(requests.provider(stillOpen))) {
                    probeCandidates
                            .computeIfAbsent(stillOpen, name -> new ArrayList<>())
                            .add(entry);
                }
            }
        }
        probeCandidates.forEach((name, entries) -> {
            int probes = Math.max(1, requests.provider(name).getBreaker().getHalfOpenCalls());
            entries.sort(Comparator.comparingInt(
                    e -> e.value.failure().getAttempt().getAttempt())); // stable: earliest limit first among equals
            for (KeyValue<String, OutageWait> entry : entries.subList(0, Math.min(probes, entries.size()))) {
                requests.beginReleased(
                        ParkedJob.traceOf(entry.key),
                        entry.value.failure().getDispatched().getJob());
                try {
                    redispatch(entry.value.failure());
                } finally {
                    requests.endRecord();
                }
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
        List<AttemptRecord> attempts = Results.attemptsOf(failure);
        Instant since = Instant.ofEpochMilli(entry.value.waitingSinceMs());
        if (nowMs >= ParkedJob.deadlineOf(entry.key)) {
            ErrorInfo last = failure.getError();
            Instant deadline = job.getRouting().getDeadline();
            ErrorInfo error = deadline != null
                    ? Results.error(
                            ErrorClass.DEADLINE_EXCEEDED,
                            "deadline " + deadline + " passed while provider " + name
                                    + " was unavailable (waiting since " + since + "; last error: " + last.getMessage()
                                    + ")",
                            last.getHttpStatus(),
                            name)
                    : Results.error(
                            last.getErrorClass(),
                            "provider " + name + " stayed unavailable for the outage wait of "
                                    + settings.outageMaxWait().toMillis()
                                    + " ms (route.outage.max.wait.ms; waiting since " + since + "): "
                                    + last.getMessage(),
                            last.getHttpStatus(),
                            name);
            requests.finish(job, Results.failed(job, error, attempts, requests.now()));
            return null;
        }
        ProviderConfig provider = requests.provider(name);
        boolean routable =
                provider != null && provider.getStatus() == ProviderStatus.ACTIVE && routableNames.contains(name);
        if (!routable) {
            requests.dispatchOrFail(
                    job, attempts, attempt.getAttempt() + 1, failure.getError()); // gone meanwhile: fall back as usual
            return null;
        }
        if (!requests.breakerClosed(provider)) {
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
        ProviderConfig provider = requests.provider(previous.getProvider());
        String model = requests.routeOf(job).model();
        String providerModel = Offers.find(provider, model, job.getKind())
                .map(offer -> Offers.providerModel(offer, model))
                .orElse(previous.getProviderModel());
        requests.dispatch(
                job,
                Results.attemptsOf(failure),
                failure.getAttempt().getAttempt() + 1,
                new RouteDecision.Assigned(
                        previous.getProvider(),
                        providerModel,
                        previous.getStrategy(),
                        previous.getEstimatedInputTokens(),
                        0,
                        previous.getEstimatedCostUsd()));
    }
}
