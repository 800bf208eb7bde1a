package dev.roocode.processor.topology;

import dev.roocode.processor.finalizer.Results;
import dev.roocode.processor.intake.JobPlacement;
import dev.roocode.processor.router.Deferral;
import dev.roocode.processor.router.EffectiveRoute;
import dev.roocode.processor.router.LoadView;
import dev.roocode.processor.router.ProviderLoad;
import dev.roocode.processor.router.RoomGate;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.processor.router.RoutePolicies;
import dev.roocode.processor.router.RouteRequest;
import dev.roocode.processor.router.Router;
import dev.roocode.schemas.RequestIds;
import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.UsageEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the intake and the two finalizer processors share: the request store, the providers store,
 * dispatching through the router, finishing a request with its one Result, and dead-lettering.
 * Every write goes out as an {@link Emit} through the single emit sink, so it commits in the same
 * exactly_once_v2 transaction as the store update that goes with it.
 */
public abstract class RequestProcessor implements Processor<byte[], byte[], String, Emit> {
    protected final ProcessorSettings settings;
    private final Router router = new Router();
    private ProcessorContext<String, Emit> context;

    /**
     * requestId → {@link RequestState}. Written by intake (dispatched), fallback (re-dispatched or
     * done) and outcome (done); done entries are purged by the intake's punctuator after
     * {@code dedup.retention.ms}.
     */
    protected RequestStore requests;

    /** The global providers, routes, provider-state and spend stores and the task's reservations; see {@link RoutingView}. */
    private RoutingView view;

    /** provider name → its dispatch topic's name: built (and the name checked) once, not on every decision. */
    private final Map<String, String> dispatchTopics = new HashMap<>();

    protected final TaskLedgers ledgers;

    /** batchId → BatchCancellation, global; see {@link #cancellationOf}. */
    private KeyValueStore<String, BatchCancellation> cancellations;

    protected RequestProcessor(ProcessorSettings settings, TaskLedgers ledgers) {
        this.settings = settings;
        this.ledgers = ledgers;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        this.context = context;
        KeyValueStore<String, RequestState> store = context.getStateStore(RoocodeTopology.REQUESTS_STORE);
        this.requests = new RequestStore(store, ledgers.requestIds(context.taskId()));
        this.view = new RoutingView(context, ledgers);
        this.cancellations = context.getStateStore(RoocodeTopology.BATCH_CANCELLATIONS_STORE);
    }

    /** The cancellation of {@code job}'s batch, or null when it has none or its batch is not cancelled. */
    protected BatchCancellation cancellationOf(Job job) {
        return job.getBatchId() == null ? null : cancellations.get(job.getBatchId());
    }

    /** How many updates the cancellations store has had: parked jobs need a look only when this moved. */
    protected long cancellationsVersion() {
        return ledgers.storeVersion(RoocodeTopology.BATCH_CANCELLATIONS_STORE);
    }

    /**
     * Answers {@code job} with its FAILED CANCELLED Result when its batch is cancelled, instead of dispatching it;
     * true when it did. The Result and the request's new state go out in the task's one transaction, as every finish.
     */
    protected boolean finishIfCancelled(Job job, List<AttemptRecord> history) {
        BatchCancellation cancellation = cancellationOf(job);
        if (cancellation == null) {
            return false;
        }
        finish(job, Results.cancelled(job, cancellation, history, now()));
        return true;
    }

    protected Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    protected ProviderConfig provider(String name) {
        return view.provider(name);
    }

    /** The route policy of {@code job} with its hints applied. */
    protected EffectiveRoute routeOf(Job job) {
        return RoutePolicies.resolve(job, view, settings.maxAttempts());
    }

    /** Routes {@code job} for attempt {@code attempt} and dispatches it, or finishes it when no provider is left. */
    protected void dispatchOrFail(Job job, List<AttemptRecord> history, int attempt, ErrorInfo lastError) {
        Set<String> tried = new HashSet<>();
        history.forEach(a -> tried.add(a.getProvider()));
        RouteDecision decision = decide(job, routableProviders(), tried, null, Deferral.NEVER, RoomGate.OPEN, 0);
        act(job, history, attempt, lastError, decision);
    }

    /** Providers that may take traffic now: configured and with a dispatch topic (read once per decision or release pass). */
    protected List<ProviderConfig> routableProviders() {
        return view.routableProviders(name -> settings.topicExists().test(dispatchTopic(name)));
    }

    private String dispatchTopic(String provider) {
        return dispatchTopics.computeIfAbsent(provider, name -> settings.topics().dispatch(name).name());
    }

    /**
     * The router's decision for {@code job} (prompt tokens already counted when {@code inputTokens} is not null), with
     * {@code parkedAhead} jobs parked before it.
     */
    protected RouteDecision decide(Job job, List<ProviderConfig> routable, Set<String> tried, Long inputTokens, Deferral deferral,
                                   RoomGate gate, long parkedAhead) {
        return router.route(new RouteRequest(job, routeOf(job), routable, view, view, tried, now(), inputTokens), deferral, gate,
                parkedAhead);
    }

    /**
     * Where {@code job} would go if no provider's breaker were open: the assignment when an open
     * circuit is all that keeps every provider from it (so it may wait for that provider), else null.
     */
    protected RouteDecision.Assigned blockedOnlyByOpenCircuit(Job job, List<ProviderConfig> routable) {
        // only the breaker is seen closed: a provider no worker serves (credential rejected, cannot start) stays excluded
        LoadView closed = new LoadView() {
            @Override
            public ProviderLoad loadOf(ProviderConfig provider) {
                ProviderLoad load = view.loadOf(provider);
                return !load.circuitOpen() ? load : new ProviderLoad(load.backlogRequests(), load.backlogTokens(), load.rpm(), load.tpm(),
                        load.latencyEwmaMs(), load.errorRate(), false, load.rateLimitedUntil(), load.drainFactor(), load.promptTokenRatios());
            }

            @Override
            public String unavailable(ProviderConfig provider) {
                return view.unavailable(provider);
            }
        };
        RouteDecision decision = router.route(new RouteRequest(job, routeOf(job), routable, closed, view, Set.of(), now(), null));
        return decision instanceof RouteDecision.Assigned assigned ? assigned : null;
    }

    /** Dispatches an assigned job, or finishes a rejected one with its FAILED Result; a deferral is the caller's to keep. */
    protected void act(Job job, List<AttemptRecord> history, int attempt, ErrorInfo lastError, RouteDecision decision) {
        if (finishIfCancelled(job, history)) {
            return; // the batch was cancelled after the job arrived (parked, or failed over): no further call
        }
        if (decision instanceof RouteDecision.Assigned assigned) {
            dispatch(job, history, attempt, assigned);
            return;
        }
        if (!(decision instanceof RouteDecision.Rejected rejected)) {
            throw new IllegalStateException("job " + job.getRequestId() + " was deferred where it cannot wait");
        }
        ErrorInfo error = lastError == null
                ? Results.error(rejected.errorClass(), rejected.reason(), null, null)
                : Results.error(lastError.getErrorClass(), lastError.getMessage() + "; no other provider to fall back to ("
                        + rejected.reason() + ")", lastError.getHttpStatus(), lastError.getProvider());
        finish(job, Results.failed(job, error, history, now()));
    }

    /**
     * Whether {@code provider} may take all its waiting jobs again: neither the provider state nor the
     * workers' own view shows its breaker open, and the workers do not report it half-open (probing).
     */
    protected boolean breakerClosed(ProviderConfig provider) {
        return !view.loadOf(provider).circuitOpen() && view.healthBreaker(provider.getName()) != dev.roocode.schemas.avro.BreakerState.HALF_OPEN;
    }

    /** The load the router sees for {@code provider}: published state, health and the process's reservations. */
    protected ProviderLoad loadOf(ProviderConfig provider) {
        return view.loadOf(provider);
    }

    protected void dispatch(Job job, List<AttemptRecord> history, int attempt, RouteDecision.Assigned assigned) {
        Assignment assignment = Assignment.newBuilder()
                .setProvider(assigned.provider())
                .setProviderModel(assigned.providerModel())
                .setAttempt(attempt)
                .setStrategy(assigned.strategy())
                .setEstimatedInputTokens(assigned.estimatedInputTokens())
                .setEstimatedCostUsd(assigned.estimatedCostUsd())
                .setAssignedAt(now())
                .build();
        DispatchedJob dispatched = DispatchedJob.newBuilder().setJob(job).setAssignment(assignment).setHistory(history).build();
        emit(dispatchTopic(assigned.provider()), job.getRequestId(), dispatched);
        requests.put(job.getRequestId(), RequestState.dispatched(attempt, now().toEpochMilli()));
        view.reserve(job, assigned.provider(), assigned.estimatedTokens(), assigned.estimatedCostUsd(), now());
    }

    /** Writes the one Result of {@code job} to its reply topic and marks the request done. */
    protected void finish(Job job, Result result) {
        finish(job, result, requests.get(result.getRequestId()));
    }

    /** {@link #finish(Job, Result)} for a request whose state the caller has just read ({@code previous}, null when none). */
    protected void finish(Job job, Result result, RequestState previous) {
        emit(settings.replyTopic(job.getReplyTo()), result.getRequestId(), result);
        int attempt = previous == null ? 0 : previous.attempt();
        requests.put(result.getRequestId(), new RequestState(true, attempt, now().toEpochMilli()));
    }

    /** Accounts one finished attempt on the usage topic, keyed by provider. */
    protected void emitUsage(Job job, AttemptRecord attempt, long inputTokens, long outputTokens, double costUsd) {
        emitUsage(job, attempt, inputTokens, outputTokens, costUsd, null);
    }

    /**
     * {@link #emitUsage(Job, AttemptRecord, long, long, double)} with the prompt tokens estimated at
     * dispatch ({@code estimatedInputTokens}, null when unknown), from which the provider-state
     * aggregation calibrates the router's estimate per provider model.
     */
    protected void emitUsage(Job job, AttemptRecord attempt, long inputTokens, long outputTokens, double costUsd, Long estimatedInputTokens) {
        UsageEvent usage = UsageEvent.newBuilder()
                .setProvider(attempt.getProvider())
                .setRequestId(job.getRequestId())
                .setBatchId(job.getBatchId())
                .setTenant(job.getTenant())
                .setModel(job.getModel())
                .setProviderModel(attempt.getProviderModel())
                .setSucceeded(attempt.getErrorClass() == null)
                .setErrorClass(attempt.getErrorClass())
                .setInputTokens(inputTokens)
                .setOutputTokens(outputTokens)
                .setCostUsd(costUsd)
                .setLatencyMs(attempt.getLatencyMs())
                .setEstimatedInputTokens(estimatedInputTokens)
                .setTimestamp(now())
                .build();
        emit(settings.topics().usage().name(), attempt.getProvider(), usage);
    }

    /**
     * Dead-letters an unreadable record with its original bytes, and when its key is a usable
     * requestId that has no Result yet, answers it with a FAILED INVALID_JOB Result.
     */
    protected void reject(Record<byte[], byte[]> record, String requestId, String reason, boolean answer) {
        // a job that came through the hop topic is dead-lettered with where its client wrote it
        JobPlacement.Origin origin = JobPlacement.originOf(record, context.recordMetadata().orElseThrow(), settings.topics().jobs().name());
        DeadLetter letter = DeadLetter.newBuilder()
                .setRequestId(requestId)
                .setSourceTopic(origin.topic())
                .setPartition(origin.partition())
                .setOffset(origin.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setErrorClass(ErrorClass.INVALID_JOB)
                .setReason(reason)
                .setFailedAt(now())
                .build();
        emit(settings.topics().dlq().name(), requestId, letter);
        if (answer && requestId != null && requests.get(requestId) == null) {
            Result result = Results.invalid(requestId, reason, now());
            emit(settings.topics().results().name(), requestId, result);
            requests.put(requestId, new RequestState(true, 0, now().toEpochMilli()));
        }
    }

    protected void emit(String topic, String key, org.apache.avro.specific.SpecificRecord value) {
        context.forward(new Record<>(key, new Emit(topic, key, value), context.currentSystemTimeMs()));
    }

    protected ProcessorContext<String, Emit> context() {
        return context;
    }

    /** The key as a requestId, or null when it is not one by {@link RequestIds}' rule (the one the batch file reader applies too). */
    protected static String requestIdOf(byte[] key) {
        return RequestIds.ofKey(key);
    }
}
