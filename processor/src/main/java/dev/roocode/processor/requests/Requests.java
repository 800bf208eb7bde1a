package dev.roocode.processor.requests;

import dev.roocode.core.trace.LogFields;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.processor.router.BatchTries;
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
import dev.roocode.schemas.trace.TraceHeaders;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the intake and the two finalizer processors share, composed into each of them: the request
 * store, the providers store, dispatching through the router, finishing a request with its one
 * Result, and dead-lettering. One per processor instance, opened by its {@link #init}. Every write
 * goes out as an {@link Emit} through the processor's context to the single emit sink, so it commits
 * in the same exactly_once_v2 transaction as the store update that goes with it.
 *
 * <p>Past 300 lines on purpose: it is the one path from a routing decision to its output ({@link #act}
 * checks the batch's cancellation before any dispatch), and every write of the request store goes with
 * its output here, so the two cannot drift apart across classes.
 */
public final class Requests {
    /** provider name → ProviderConfig, global, fed by the providers topic. */
    public static final String PROVIDERS_STORE = "providers-store";
    /** logical model or {@code *} → RoutePolicy, global, fed by the routes topic. */
    public static final String ROUTES_STORE = "routes-store";
    /** provider name → ProviderState, global, fed by the provider-state topic. */
    public static final String PROVIDER_STATE_STORE = "provider-state-store";
    /** provider name → ProviderState as the workers see it (breaker, back-off), global, fed by the provider-health topic. */
    public static final String PROVIDER_HEALTH_STORE = "provider-health-store";
    /** batch:&lt;id&gt; / tenant:&lt;name&gt; → SpendTotal, global, fed by the spend topic; budget caps read it. */
    public static final String SPEND_STORE = "spend-store";
    /**
     * batchId → BatchCancellation, global, fed by the batch-cancellations topic: the intake and the finalizers answer a
     * cancelled batch's jobs with a FAILED CANCELLED Result instead of dispatching them; see {@link #cancellationOf}.
     */
    public static final String CANCELLATIONS_STORE = "batch-cancellations-store";

    private final ProcessorSettings settings;
    private final Router router;
    private final ReservationLedger reservations;
    private final StoreVersions versions;
    private final RequestIdFilters filters;
    /** Where each job's Result may go; see {@link ReplyTopics}. */
    private final ReplyTopics replyTopics;

    private ProcessorContext<String, Emit> context;
    /**
     * The job of the record being processed as the intake decoded it, and that record's value (see {@link #received});
     * null between records. A dispatch of this very object writes its DispatchedJob from those bytes.
     */
    private Job receivedJob;

    private byte[] receivedJobBytes;
    /** This hop's span of the record being processed (see {@link #beginRecord}); null between records. */
    private TraceParent span;

    /**
     * requestId → {@link RequestState}. Written by intake (dispatched), fallback (re-dispatched or
     * done) and outcome (done); done entries are purged by the intake's punctuator after
     * {@code dedup.retention.ms}.
     */
    private RequestStore requests;

    /** The global providers, routes, provider-state and spend stores and the process's reservations; see {@link RoutingView}. */
    private RoutingView view;

    /** provider name → its dispatch topic's name: built (and the name checked) once, not on every decision. */
    private final Map<String, String> dispatchTopics = new HashMap<>();

    /** batchId → BatchCancellation, global; see {@link #cancellationOf}. */
    private KeyValueStore<String, BatchCancellation> cancellations;

    /**
     * @param reservations the process's in-flight reservations, counted by every dispatch
     * @param versions     the global stores' update counts, so decoded copies are read again only after a change
     * @param filters      the requestId filters of the process's tasks
     */
    public Requests(
            ProcessorSettings settings,
            ReservationLedger reservations,
            StoreVersions versions,
            RequestIdFilters filters) {
        this.settings = settings;
        this.reservations = reservations;
        this.versions = versions;
        this.filters = filters;
        this.replyTopics = settings.replyTopics();
        this.router = new Router(settings.batchMargin());
    }

    /** Opens the stores of the task of {@code context}; the processor's own {@code init} calls it first. */
    public void init(ProcessorContext<String, Emit> context) {
        this.context = context;
        KeyValueStore<String, RequestState> store = context.getStateStore(RequestStore.NAME);
        this.requests = new RequestStore(store, filters.forTask(context.taskId()));
        this.view = new RoutingView(context, reservations, versions);
        this.cancellations = context.getStateStore(CANCELLATIONS_STORE);
    }

    /** The task closed here: drops its requestId filter (the intake, which builds the filter, calls this). */
    public void forgetTask() {
        filters.forget(context.taskId());
    }

    /** The task's requests store. */
    public RequestStore store() {
        return requests;
    }

    /** The cancellation of {@code job}'s batch, or null when it has none or its batch is not cancelled. */
    public BatchCancellation cancellationOf(Job job) {
        return job.getBatchId() == null ? null : cancellations.get(job.getBatchId());
    }

    /** How many updates the cancellations store has had: parked jobs need a look only when this moved. */
    public long cancellationsVersion() {
        return versions.version(CANCELLATIONS_STORE);
    }

    /**
     * Answers {@code job} with its FAILED CANCELLED Result when its batch is cancelled, instead of dispatching it;
     * true when it did. The Result and the request's new state go out in the task's one transaction, as every finish.
     */
    public boolean finishIfCancelled(Job job, List<AttemptRecord> history) {
        BatchCancellation cancellation = cancellationOf(job);
        if (cancellation == null) {
            return false;
        }
        finish(job, Results.cancelled(job, cancellation, history, now()));
        return true;
    }

    public Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    public ProviderConfig provider(String name) {
        return view.provider(name);
    }

    /** The route policy of {@code job} with its hints applied. */
    public EffectiveRoute routeOf(Job job) {
        return RoutePolicies.resolve(job, view, settings.maxAttempts());
    }

    /** Routes {@code job} for attempt {@code attempt} and dispatches it, or finishes it when no provider is left. */
    public void dispatchOrFail(Job job, List<AttemptRecord> history, int attempt, ErrorInfo lastError) {
        Set<String> tried = new HashSet<>();
        history.forEach(a -> tried.add(a.getProvider()));
        RouteDecision decision = decide(job, routableProviders(), tried, null, Deferral.NEVER, RoomGate.OPEN, 0);
        act(job, history, attempt, lastError, decision);
    }

    /**
     * Providers that may take traffic now: configured and with a dispatch topic (read once per decision or release
     * pass); a provider whose batch dispatch topic does not exist shows no batch endpoint, so no job is sent there.
     */
    public List<ProviderConfig> routableProviders() {
        return view.routableProviders(
                name -> settings.topicExists().test(dispatchTopic(name)),
                name -> settings.topicExists().test(dispatchTopic(BatchCandidates.nameOf(name))));
    }

    /** The dispatch topic of a candidate: its provider's, or for {@code <provider>:batch} the provider's batch one. */
    private String dispatchTopic(String candidate) {
        return dispatchTopics.computeIfAbsent(
                candidate,
                name -> BatchCandidates.isBatch(name)
                        ? settings.topics()
                                .batchDispatch(BatchCandidates.providerOf(name))
                                .name()
                        : settings.topics().dispatch(name).name());
    }

    /**
     * The router's decision for {@code job} (prompt tokens already counted when {@code inputTokens} is not null), with
     * {@code parkedAhead} jobs parked before it.
     */
    public RouteDecision decide(
            Job job,
            List<ProviderConfig> routable,
            Set<String> tried,
            Long inputTokens,
            Deferral deferral,
            RoomGate gate,
            long parkedAhead) {
        return decide(job, routable, tried, BatchTries.counted(tried), inputTokens, deferral, gate, parkedAhead);
    }

    /** As {@link #decide(Job, List, Set, Long, Deferral, RoomGate, long)}, with what its batch lines did so far. */
    public RouteDecision decide(
            Job job,
            List<ProviderConfig> routable,
            Set<String> tried,
            BatchTries batchTries,
            Long inputTokens,
            Deferral deferral,
            RoomGate gate,
            long parkedAhead) {
        return router.route(
                new RouteRequest(job, routeOf(job), routable, view, view, tried, now(), inputTokens, batchTries),
                deferral,
                gate,
                parkedAhead);
    }

    /**
     * Where {@code job} would go if no provider's breaker were open: the assignment when an open
     * circuit is all that keeps every provider from it (so it may wait for that provider), else null.
     */
    public RouteDecision.Assigned blockedOnlyByOpenCircuit(Job job, List<ProviderConfig> routable) {
        // only the breaker is seen closed: a provider no worker serves (credential rejected, cannot start) stays
        // excluded
        LoadView closed = new LoadView() {
            @Override
            public ProviderLoad loadOf(ProviderConfig provider) {
                ProviderLoad load = view.loadOf(provider);
                return !load.circuitOpen()
                        ? load
                        : new ProviderLoad(
                                load.backlogRequests(),
                                load.backlogTokens(),
                                load.rpm(),
                                load.tpm(),
                                load.latencyEwmaMs(),
                                load.errorRate(),
                                false,
                                load.rateLimitedUntil(),
                                load.drainFactor(),
                                load.promptTokenRatios());
            }

            @Override
            public String unavailable(ProviderConfig provider) {
                return view.unavailable(provider);
            }
        };
        RouteDecision decision =
                router.route(new RouteRequest(job, routeOf(job), routable, closed, view, Set.of(), now(), null));
        return decision instanceof RouteDecision.Assigned assigned ? assigned : null;
    }

    /** Dispatches an assigned job, or finishes a rejected one with its FAILED Result; a deferral is the caller's to keep. */
    public void act(Job job, List<AttemptRecord> history, int attempt, ErrorInfo lastError, RouteDecision decision) {
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
        settings.metrics().rejected(rejected.errorClass());
        ErrorInfo error = lastError == null
                ? Results.error(rejected.errorClass(), rejected.reason(), null, null)
                : Results.error(
                        lastError.getErrorClass(),
                        lastError.getMessage() + "; no other provider to fall back to (" + rejected.reason() + ")",
                        lastError.getHttpStatus(),
                        lastError.getProvider());
        finish(job, Results.failed(job, error, history, now()));
    }

    /**
     * Whether {@code provider} may take all its waiting jobs again: neither the provider state nor the
     * workers' own view shows its breaker open, and the workers do not report it half-open (probing).
     */
    public boolean breakerClosed(ProviderConfig provider) {
        return !view.loadOf(provider).circuitOpen()
                && view.healthBreaker(provider.getName()) != dev.roocode.schemas.avro.BreakerState.HALF_OPEN;
    }

    /** The load the router sees for {@code provider}: published state, health and the process's reservations. */
    public ProviderLoad loadOf(ProviderConfig provider) {
        return view.loadOf(provider);
    }

    public void dispatch(Job job, List<AttemptRecord> history, int attempt, RouteDecision.Assigned assigned) {
        Assignment assignment = Assignment.newBuilder()
                .setProvider(assigned.provider())
                .setProviderModel(assigned.providerModel())
                .setAttempt(attempt)
                .setStrategy(assigned.strategy())
                .setEstimatedInputTokens(assigned.estimatedInputTokens())
                .setEstimatedCostUsd(assigned.estimatedCostUsd())
                .setAssignedAt(now())
                .build();
        DispatchedJob dispatched = DispatchedJob.newBuilder()
                .setJob(job)
                .setAssignment(assignment)
                .setHistory(history)
                .build();
        LogFields.provider(assigned.provider());
        // the job as decoded from the record being processed (not a copy with its tenant stamped, a parked or a
        // failed-over one): the sink may copy its received bytes instead of encoding it again
        emit(
                dispatchTopic(assigned.provider()),
                job.getRequestId(),
                dispatched,
                job == receivedJob ? receivedJobBytes : null);
        requests.put(job.getRequestId(), RequestState.dispatched(attempt, now().toEpochMilli()));
        view.reserve(job, assigned.provider(), assigned.estimatedTokens(), assigned.estimatedCostUsd(), now());
        settings.metrics().routed(assigned.provider(), assigned.providerModel());
        observeTenantBudget(job);
    }

    /** At most once a second per tenant: the tenant's committed spend over its route policy's cap, for the budget gauge. */
    private void observeTenantBudget(Job job) {
        String tenant = job.getTenant();
        if (tenant == null || !settings.metrics().budgetDue(tenant, context.currentSystemTimeMs())) {
            return;
        }
        Double cap = routeOf(job).maxCostUsdPerTenant();
        if (cap != null && cap > 0) {
            settings.metrics().tenantBudget(tenant, view.tenantUsd(tenant) / cap);
        }
    }

    /** Writes the one Result of {@code job} to its reply topic and marks the request done. */
    public void finish(Job job, Result result) {
        finish(job, result, requests.get(result.getRequestId()));
    }

    /** {@link #finish(Job, Result)} for a request whose state the caller has just read ({@code previous}, null when none). */
    public void finish(Job job, Result result, RequestState previous) {
        emit(replyTopics.replyTopic(job), result.getRequestId(), result);
        settings.metrics().result(result, job.getTenant());
        int attempt = previous == null ? 0 : previous.attempt();
        requests.put(result.getRequestId(), new RequestState(true, attempt, now().toEpochMilli()));
    }

    /** Accounts one finished attempt on the usage topic, keyed by provider. */
    public void emitUsage(Job job, AttemptRecord attempt, long inputTokens, long outputTokens, double costUsd) {
        emitUsage(job, attempt, inputTokens, outputTokens, costUsd, null);
    }

    /**
     * {@link #emitUsage(Job, AttemptRecord, long, long, double)} with the prompt tokens estimated at
     * dispatch ({@code estimatedInputTokens}, null when unknown), from which the provider-state
     * aggregation calibrates the router's estimate per provider model.
     */
    public void emitUsage(
            Job job,
            AttemptRecord attempt,
            long inputTokens,
            long outputTokens,
            double costUsd,
            Long estimatedInputTokens) {
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
     * requestId that has no Result yet, answers it with a FAILED INVALID_JOB Result: on the default reply
     * topic of the jobs topic it was read from (a tenant's replies topic for a tenant's jobs).
     */
    public void reject(Record<byte[], byte[]> record, String requestId, String reason, boolean answer) {
        JobOrigin origin = origin(record);
        emit(settings.topics().dlq().name(), requestId, deadLetter(record, origin, requestId, reason));
        settings.metrics().deadLetter(ErrorClass.INVALID_JOB);
        if (answer && requestId != null && requests.get(requestId) == null) {
            Result result = Results.invalid(requestId, reason, now());
            emit(replyTopics.defaultReplyTopic(replyTopics.tenantOf(origin.topic())), requestId, result);
            settings.metrics().rejected(ErrorClass.INVALID_JOB);
            settings.metrics().result(result, replyTopics.tenantOf(origin.topic()));
            requests.put(requestId, new RequestState(true, 0, now().toEpochMilli()));
        }
    }

    /**
     * Answers a new job the reply-topic rule refused ({@link ReplyTopics#admit}) with a FAILED INVALID_JOB Result on
     * the refusal's topic, never the one the job named, and dead-letters a namespace violation with the job's bytes.
     */
    public void refuse(Record<byte[], byte[]> record, Job job, ReplyTopics.Refused refused) {
        if (refused.deadLetter()) {
            emit(
                    settings.topics().dlq().name(),
                    job.getRequestId(),
                    deadLetter(record, origin(record), job.getRequestId(), refused.reason()));
            settings.metrics().deadLetter(ErrorClass.INVALID_JOB);
        }
        Result result = Results.failed(
                job, Results.error(ErrorClass.INVALID_JOB, refused.reason(), null, null), List.of(), now());
        emit(refused.replyTopic(), job.getRequestId(), result);
        settings.metrics().rejected(ErrorClass.INVALID_JOB);
        settings.metrics().result(result, job.getTenant());
        requests.put(job.getRequestId(), new RequestState(true, 0, now().toEpochMilli()));
    }

    /** Where the record being processed was written by its client (through the hop topic: what its headers say). */
    public JobOrigin origin(Record<byte[], byte[]> record) {
        return JobOrigin.of(
                record,
                context.recordMetadata().orElseThrow(),
                settings.topics().jobs().name());
    }

    /** The rule of where a job's Result may go. */
    public ReplyTopics replyTopics() {
        return replyTopics;
    }

    private DeadLetter deadLetter(Record<byte[], byte[]> record, JobOrigin origin, String requestId, String reason) {
        return DeadLetter.newBuilder()
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
    }

    /**
     * Forwards {@code value} to {@code topic} with the {@code traceparent} header of the record being processed's hop
     * (see {@link #beginRecord}), or of the released parked job (see {@link #beginReleased}); outside both each record
     * starts a fresh trace.
     */
    public void emit(String topic, String key, SpecificRecord value) {
        emit(topic, key, value, null);
    }

    private void emit(String topic, String key, SpecificRecord value, byte[] receivedJob) {
        TraceParent sent = span != null ? span : TraceParent.fresh();
        context.forward(new Record<>(
                key, new Emit(topic, key, value, receivedJob), context.currentSystemTimeMs(), TraceHeaders.of(sent)));
    }

    /**
     * The intake decoded {@code job} from {@code value}, the record being processed: a dispatch of that same object
     * until {@link #endRecord()} may write its DispatchedJob from {@code value} (see {@link Emit#receivedJob}).
     */
    public void received(Job job, byte[] value) {
        this.receivedJob = job;
        this.receivedJobBytes = value;
    }

    /**
     * Starts the work on one input record: its trace (a fresh one when it carries no valid {@code traceparent}),
     * continued by a new span of this hop that every record emitted until {@link #endRecord()} names as parent; and the
     * MDC fields {@code requestId} and {@code traceId} of the log lines meanwhile.
     */
    public TraceParent beginRecord(Headers headers, String requestId) {
        span = TraceHeaders.readOrFresh(headers).child();
        LogFields.put(requestId, null, null, span);
        return span;
    }

    /**
     * Starts the work on a parked job a punctuator releases (or finishes): the trace it was parked with (a fresh one
     * when its store entry keeps none), continued by a new span of this hop as {@link #beginRecord} does, and the MDC
     * fields of the job. The caller ends it with {@link #endRecord()}, which also clears the {@code provider} field a
     * dispatch sets, so the stream thread does not carry it into the next job's log lines.
     */
    public void beginReleased(TraceParent parked, Job job) {
        span = (parked == null ? TraceParent.fresh() : parked).child();
        LogFields.put(job.getRequestId(), job.getBatchId(), null, span);
    }

    /** This hop's span of the record being processed, which a job parked now keeps for its release; null between records. */
    public TraceParent trace() {
        return span;
    }

    /** Adds the job's batchId and (when known) provider to the MDC fields of the record being processed. */
    public void logJob(Job job, String provider) {
        LogFields.put(job.getRequestId(), job.getBatchId(), provider, span);
    }

    /** Ends the work on the input record: emits after this start their own traces, and the MDC fields are cleared. */
    public void endRecord() {
        span = null;
        receivedJob = null;
        receivedJobBytes = null;
        LogFields.clear();
    }

    /** The key as a requestId, or null when it is not one by {@link RequestIds}' rule (the one the batch file reader applies too). */
    public static String requestIdOf(byte[] key) {
        return RequestIds.ofKey(key);
    }
}
