package dev.roocode.processor.intake;

import dev.roocode.processor.finalizer.FallbackProcessor;
import dev.roocode.processor.finalizer.Results;
import dev.roocode.processor.router.Deferral;
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
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.batch.BatchLineCodec;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * First stop of every job: decode, drop resubmissions of a requestId already in progress or
 * finished, validate, then route to a provider's dispatch topic — or park it. Unreadable records
 * become dead letters (and a FAILED Result when the key is a usable requestId), so a poison record
 * never stops the partition.
 *
 * <p>Parking (see {@link Deferral}): a COST job with a deadline whose cheapest in-time provider is
 * beyond the deferral horizon, or that would jump ahead of jobs parked with earlier deadlines, waits
 * in the {@code deferred-jobs} store (marked parked in the requests store, so a resubmission is still
 * dropped). A wall-clock punctuator reconsiders parked jobs every {@code route.defer.interval.ms},
 * earliest deadline first: each goes to the cheapest provider with room, this task taking at most its
 * share of the room (its share of the process's parked jobs), or — when waiting one more interval
 * would cost it its deadline — to the cheapest provider that still makes it. A parked job whose
 * deadline has passed anyway goes to the provider that finishes soonest, like any job no provider
 * can serve in time.
 */
public final class JobIntakeProcessor extends RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(JobIntakeProcessor.class);
    /** How often a pass over the requests store starts purging finished requestIds; it goes in slices. */
    private static final Duration PURGE_PASS_INTERVAL = Duration.ofMinutes(1);
    /** How often a slice of a purge pass runs, and how many entries a slice looks at: 20,000 entries a second. */
    private static final Duration PURGE_INTERVAL = Duration.ofMillis(250);
    private static final int PURGE_BATCH = 5_000;

    /** Parked jobs with deadlines beyond this much past the interval, margin and horizon cannot need sending yet; a pass stops there. */
    private static final Duration SCAN_SLACK = Duration.ofSeconds(5);
    /** Parked jobs a release pass looks at before it may stop at one that can surely wait. */
    private static final int MIN_SCAN = 16;
    /** Parked jobs one pass sends to a dearer provider's room, at most. */
    private static final int MAX_OVERFLOW_SCAN = 2_000;
    /** Parked jobs the overflow scan plans, about, before it finds the first the cheapest cannot serve in time. */
    private static final int OVERFLOW_SAMPLES = 32;

    private final AvroSerde<Job> jobs;
    private final Deferral deferral;
    /**
     * deadline + requestId → ParkedJob; written here when a job parks, deleted when a release pass
     * sends it (never purged otherwise: every parked job is sent by its deadline).
     */
    private KeyValueStore<String, ParkedJob> parked;
    /** The fallback-finalizer's jobs waiting out an outage: a new job whose only provider's circuit is open parks there too. */
    private KeyValueStore<String, OutageWait> outageWaits;
    /**
     * The keys of {@link #parked}, in deadline order, in memory: the overflow scan walks them without decoding
     * every job, and their count and first deadline are what the process's board shows of this task.
     */
    private final java.util.TreeSet<String> parkedKeys = new java.util.TreeSet<>();
    /** How often parked jobs are looked at for a batch cancelled since the last look. */
    private static final Duration CANCEL_SWEEP_INTERVAL = Duration.ofSeconds(1);
    /** The cancellations store's version at the last look at the parked jobs; -1: none yet since the task opened. */
    private long sweptCancellationsVersion = -1;
    /** Where the next purge slice starts in the requests store; null: no pass under way. */
    private String purgeFrom;
    /** When the last purge pass started (wall clock). */
    private long purgePassStartedMs = Long.MIN_VALUE / 2;

    public JobIntakeProcessor(ProcessorSettings settings, TaskLedgers ledgers) {
        super(settings, ledgers);
        this.jobs = settings.topics().jobs().valueSerde(settings.registry());
        this.deferral = settings.deferral();
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        super.init(context);
        requests.ids().reset(); // the task (re)opened: until a purge pass has read the store, every lookup reaches it
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeFinished);
        this.parked = context.getStateStore(RoocodeTopology.DEFERRED_STORE);
        this.outageWaits = context.getStateStore(RoocodeTopology.OUTAGE_STORE);
        countParked();
        context.schedule(CANCEL_SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::finishCancelledParked);
        if (deferral.enabled()) {
            context.schedule(deferral.interval(), PunctuationType.WALL_CLOCK_TIME, this::releaseParked);
        }
    }

    @Override
    public void close() {
        ledgers.parked(context().taskId(), 0, Long.MAX_VALUE);
        ledgers.forgetRequestIds(context().taskId());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String requestId = requestIdOf(record.key());
        if (record.value() == null) {
            reject(record, requestId, "empty job record (null value)", true);
            return;
        }
        Job job;
        try {
            job = jobs.deserialize(settings.topics().jobs().name(), record.value());
        } catch (SerializationException e) {
            reject(record, requestId, "undecodable job: " + e.getMessage(), true);
            return;
        }
        if (requestId == null) {
            reject(record, null, "job key is not a usable requestId", false);
            return;
        }
        if (!requestId.equals(job.getRequestId())) {
            reject(record, requestId, "job key '" + requestId + "' differs from its requestId '" + job.getRequestId() + "'", true);
            return;
        }
        if (requests.get(requestId) != null) {
            log.debug("Ignoring resubmitted job {}: already in progress or finished", requestId);
            return;
        }
        accept(job);
    }

    /** A new job (process() has just found no state for its requestId): validated, then routed, parked or finished. */
    private void accept(Job job) {
        String invalid = JobValidator.problem(job);
        if (invalid == null && !settings.isAllowedReplyTopic(job.getReplyTo())) {
            invalid = "replyTo '" + job.getReplyTo() + "' is not an existing topic allowed by reply.topics.allowed";
        }
        if (invalid != null) {
            finish(job, Results.failed(job, Results.error(ErrorClass.INVALID_JOB, invalid, null, null), List.of(), now()), null);
            return;
        }
        if (finishIfCancelled(job, List.of())) {
            return;
        }
        if (job.getRouting().getDeadline() != null && job.getRouting().getDeadline().isBefore(now())) {
            finish(job, Results.failed(job, Results.error(ErrorClass.DEADLINE_EXCEEDED,
                    "deadline " + job.getRouting().getDeadline() + " passed before dispatch", null, null), List.of(), now()), null);
            return;
        }
        if (!deferral.enabled() || job.getRouting().getDeadline() == null) {
            routeOrWait(job, decide(job, routableProviders(), Set.of(), null, Deferral.NEVER, RoomGate.OPEN, 0));
            return;
        }
        long nowMs = now().toEpochMilli();
        long deadlineMs = job.getRouting().getDeadline().toEpochMilli();
        // batch size and line as the client's batch runner sets them; the forecast ignores values that are not positive
        ledgers.arrived(job.getModel(), nowMs, deadlineMs - nowMs, job.getBatchId(),
                BatchLineCodec.metadataNumber(job.getMetadata(), BatchLineCodec.METADATA_BATCH_SIZE),
                BatchLineCodec.metadataNumber(job.getMetadata(), BatchLineCodec.METADATA_LINE));
        // jobs parked with earlier deadlines (in any task of this process) get free room first
        boolean first = deadlineMs < ledgers.earliestParkedDeadlineMs();
        long ahead = (first ? 0 : ledgers.totalParked()) + ledgers.expectedBefore(job.getModel(), nowMs, deadlineMs);
        RouteDecision decision = decide(job, routableProviders(), Set.of(), null, deferral, first ? RoomGate.OPEN : RoomGate.CLOSED,
                ahead);
        if (decision instanceof RouteDecision.Deferred deferred) {
            park(job, deferred.inputTokens());
        } else {
            routeOrWait(job, decision);
        }
    }

    /**
     * Acts on a new job's decision, except that a job no provider can take only because their circuits
     * are open waits for the one it would go to (in the fallback-finalizer's {@code outage-waits}
     * store, as after a failed attempt) while its deadline, or {@code route.outage.max.wait.ms},
     * leaves room past that provider's wait in open state.
     */
    private void routeOrWait(Job job, RouteDecision decision) {
        if (decision instanceof RouteDecision.Rejected rejected && rejected.errorClass() == ErrorClass.NO_ROUTE) {
            RouteDecision.Assigned blocked = blockedOnlyByOpenCircuit(job, routableProviders());
            Long limitMs = blocked == null ? null
                    : FallbackProcessor.outageWaitLimitMs(job, provider(blocked.provider()), now().toEpochMilli(), settings.outageMaxWait());
            if (limitMs != null) {
                outageWaits.put(ParkedJob.key(limitMs, job.getRequestId()),
                        new OutageWait(now().toEpochMilli(), FallbackProcessor.openAtRouting(job, blocked, now())));
                requests.put(job.getRequestId(), RequestState.parked(now().toEpochMilli()));
                return;
            }
        }
        act(job, List.of(), 1, null, decision);
    }

    private void park(Job job, long inputTokens) {
        long deadlineMs = job.getRouting().getDeadline().toEpochMilli();
        String key = ParkedJob.key(deadlineMs, job.getRequestId());
        parked.put(key, new ParkedJob(inputTokens, job));
        parkedKeys.add(key);
        requests.put(job.getRequestId(), RequestState.parked(now().toEpochMilli()));
        showParked();
    }

    /** Puts this task's parked jobs (how many, the earliest deadline) on the process's board. */
    private void showParked() {
        ledgers.parked(context().taskId(), parkedKeys.size(), parkedKeys.isEmpty() ? Long.MAX_VALUE : ParkedJob.deadlineOf(parkedKeys.first()));
    }

    /**
     * One release pass over the parked jobs. First earliest deadline first: each takes free room (up
     * to this task's share of what the round started with) or is sent anyway when it cannot wait;
     * the scan stops at a job that can surely wait once {@value #MIN_SCAN} have been held. Then the
     * {@link #overflow} scan, with the jobs parked ahead of each and those forecast to arrive due
     * before it ({@link dev.roocode.processor.router.ArrivalForecast}) counted as queued at the
     * cheapest provider.
     */
    private void releaseParked(long wallClockMs) {
        if (parkedKeys.isEmpty()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        long round = wallClockMs / deferral.interval().toMillis();
        double share = ledgers.shareOf(context().taskId());
        List<ProviderConfig> routable = routableProviders();
        Map<String, Long> quotas = new HashMap<>();
        RoomGate gate = (candidate, tokens) -> quotas.computeIfAbsent(candidate.name(), name -> {
            long roundRoom = candidate.load().room(deferral.horizon(), tokens, now) + ledgers.releasedInRound(name, round);
            return (long) Math.ceil(roundRoom * share);
        }) > 0;
        long surelyWaitsMs = wallClockMs + deferral.interval().plus(deferral.margin()).plus(deferral.horizon()).plus(SCAN_SLACK).toMillis()
                + maxLatencyMs(routable);
        int held = 0;
        List<String> sent = new ArrayList<>();
        try (KeyValueIterator<String, ParkedJob> all = parked.all()) {
            while (all.hasNext()) {
                KeyValue<String, ParkedJob> entry = all.next();
                long deadlineMs = ParkedJob.deadlineOf(entry.key);
                if (release(entry, routable, gate, quotas, round, 0)) {
                    sent.add(entry.key);
                    continue;
                }
                if (++held >= MIN_SCAN && deadlineMs > surelyWaitsMs) {
                    break;
                }
            }
        }
        forget(sent);
        if (!parkedKeys.isEmpty() && share > 0) {
            forget(overflow(wallClockMs, share, routable, gate, quotas, round));
        }
        showParked();
    }

    /**
     * The overflow scan: finds, in deadline order, the first parked job that the cheapest provider
     * cannot serve in time once the jobs parked ahead of it (this task's, scaled to the process by its
     * share) and the jobs forecast to arrive due before it are served first, and from there sends jobs
     * to a dearer provider's free room until one is held. Only every {@code stride}-th job is looked
     * at (decoded and planned) until the first such job, so a pass costs about
     * {@value #OVERFLOW_SAMPLES} decisions however many jobs are parked. Moving the earliest job that
     * cannot make it relieves every later one too; moving the latest instead (as a first version did)
     * left jobs due in the middle, near a batch's end, to the dearest provider at the last moment.
     * Returns the keys sent.
     */
    private List<String> overflow(long wallClockMs, double share, List<ProviderConfig> routable, RoomGate gate, Map<String, Long> quotas,
                                  long round) {
        List<String> sent = new ArrayList<>();
        int stride = Math.max(1, parkedKeys.size() / OVERFLOW_SAMPLES);
        long ahead = 0;
        boolean overflowing = false;
        for (String key : parkedKeys) {
            if (sent.size() >= MAX_OVERFLOW_SCAN) {
                break;
            }
            if (!overflowing && ahead % stride != 0) {
                ahead++;
                continue;
            }
            ParkedJob value = parked.get(key);
            if (value == null) {
                ahead++;
                continue;
            }
            long dueEarlier = Math.round(ahead / share) + ledgers.expectedBefore(value.job().getModel(), wallClockMs, ParkedJob.deadlineOf(key));
            if (release(KeyValue.pair(key, value), routable, gate, quotas, round, dueEarlier)) {
                sent.add(key); // no longer ahead of the ones after it
                overflowing = true;
            } else if (overflowing) {
                break;
            } else {
                ahead++;
            }
        }
        return sent;
    }

    /**
     * Answers the parked jobs of batches cancelled since the last look with their FAILED CANCELLED Results and unparks
     * them. Walks the parked jobs only when the cancellations store has changed (or the task has just opened), so a
     * process with no cancellation never decodes them; a job released before this runs is caught on its way out
     * ({@link #act}).
     */
    private void finishCancelledParked(long wallClockMs) {
        long version = cancellationsVersion();
        if (version == sweptCancellationsVersion) {
            return;
        }
        sweptCancellationsVersion = version;
        if (parkedKeys.isEmpty()) {
            return;
        }
        List<String> cancelled = new ArrayList<>();
        try (KeyValueIterator<String, ParkedJob> all = parked.all()) {
            while (all.hasNext()) {
                KeyValue<String, ParkedJob> entry = all.next();
                if (finishIfCancelled(entry.value.job(), List.of())) {
                    cancelled.add(entry.key);
                }
            }
        }
        if (!cancelled.isEmpty()) {
            log.info("Cancelled {} parked jobs of cancelled batches", cancelled.size());
            forget(cancelled);
            showParked();
        }
    }

    /** Drops sent jobs from the store and the index. */
    private void forget(List<String> sent) {
        for (String key : sent) {
            parked.delete(key);
            parkedKeys.remove(key);
        }
    }

    /** Routes one parked job; true when it was sent (or finished), false when it stays parked. */
    private boolean release(KeyValue<String, ParkedJob> entry, List<ProviderConfig> routable, RoomGate gate, Map<String, Long> quotas,
                            long round, long parkedAhead) {
        Job job = entry.value.job();
        RouteDecision decision = decide(job, routable, Set.of(), entry.value.inputTokens(), deferral, gate, parkedAhead);
        if (decision instanceof RouteDecision.Deferred) {
            return false;
        }
        if (decision instanceof RouteDecision.Assigned assigned) {
            quotas.computeIfPresent(assigned.provider(), (name, left) -> left - 1);
            ledgers.released(assigned.provider(), round);
        }
        act(job, List.of(), 1, null, decision);
        return true;
    }

    private long maxLatencyMs(List<ProviderConfig> routable) {
        double max = 0;
        for (ProviderConfig provider : routable) {
            max = Math.max(max, loadOf(provider).latencyEwmaMs());
        }
        return Math.round(max);
    }

    /** After a restart or a move of the task, the parked jobs restored from the changelog. */
    private void countParked() {
        parkedKeys.clear();
        try (KeyValueIterator<String, ParkedJob> all = parked.all()) {
            while (all.hasNext()) {
                parkedKeys.add(all.next().key);
            }
        }
        showParked();
    }

    /**
     * Forgets finished requestIds older than dedup.retention.ms, so the store stays bounded. A pass
     * over the whole store starts once a minute and goes in slices of {@value #PURGE_BATCH} entries,
     * each slice resuming where the last one stopped: a scan of the whole store at once (as first
     * written) stopped the stream thread for as long as it took, which showed in the p99 latency of
     * every job behind it. Each pass also rebuilds the task's {@link dev.roocode.processor.topology.RequestIdFilter}
     * from the ids it keeps.
     */
    private void purgeFinished(long wallClockMs) {
        if (purgeFrom == null) {
            if (wallClockMs - purgePassStartedMs < PURGE_PASS_INTERVAL.toMillis()) {
                return; // one pass over the store a minute, as before, only no longer all at once
            }
            purgePassStartedMs = wallClockMs;
            requests.ids().passStarted();
        }
        long cutoff = wallClockMs - settings.dedupRetention().toMillis();
        List<String> expired = new ArrayList<>();
        String next = null;
        int seen = 0;
        try (KeyValueIterator<String, RequestState> entries = purgeFrom == null ? requests.all() : requests.from(purgeFrom)) {
            while (entries.hasNext()) {
                KeyValue<String, RequestState> entry = entries.next();
                if (++seen > PURGE_BATCH) {
                    next = entry.key;
                    break;
                }
                if (entry.value.done() && entry.value.updatedAt() < cutoff) {
                    expired.add(entry.key);
                } else {
                    requests.ids().passKept(entry.key);
                }
            }
        }
        expired.forEach(requests::delete);
        purgeFrom = next;
        if (next == null) {
            requests.ids().passEnded();
        }
    }
}
