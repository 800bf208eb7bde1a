package dev.roocode.processor.deferral;

import dev.roocode.processor.requests.RequestState;
import dev.roocode.processor.requests.Requests;
import dev.roocode.processor.router.Deferral;
import dev.roocode.processor.router.RoomGate;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The COST jobs of a task waiting in the router for cheaper room (see {@link Deferral}), in the
 * {@code deferred-jobs} store; the task's intake owns one.
 *
 * <p>A COST job with a deadline whose cheapest in-time provider is beyond the deferral horizon, or that
 * would jump ahead of jobs parked with earlier deadlines, waits here (marked parked in the requests
 * store, so a resubmission is still dropped). A wall-clock punctuator reconsiders parked jobs every
 * {@code route.defer.interval.ms}, earliest deadline first: each goes to the cheapest provider with
 * room, this task taking at most its share of the room (its share of the process's parked jobs, from
 * the {@link ParkedBoard}), or — when waiting one more interval would cost it its deadline — to the
 * cheapest provider that still makes it. A parked job whose deadline has passed anyway goes to the
 * provider that finishes soonest, like any job no provider can serve in time.
 */
public final class ParkedJobs {
    private static final Logger log = LoggerFactory.getLogger(ParkedJobs.class);
    /**
     * The store's name: deadline (zero-padded epoch ms) + "/" + requestId (+ the job's trace, see
     * {@link ParkedJob#key}) → {@link ParkedJob}, earliest deadline first.
     */
    public static final String STORE = "deferred-jobs";
    /** Parked jobs with deadlines beyond this much past the interval, margin and horizon cannot need sending yet; a pass stops there. */
    private static final Duration SCAN_SLACK = Duration.ofSeconds(5);
    /** Parked jobs a release pass looks at before it may stop at one that can surely wait. */
    private static final int MIN_SCAN = 16;
    /** Parked jobs one pass sends to a dearer provider's room, at most. */
    private static final int MAX_OVERFLOW_SCAN = 2_000;
    /** Parked jobs the overflow scan plans, about, before it finds the first the cheapest cannot serve in time. */
    private static final int OVERFLOW_SAMPLES = 32;

    private final Deferral deferral;
    /** The intake's requests: routing, dispatch and finish of released jobs. */
    private final Requests requests;
    /** Every task's parked jobs (count, earliest deadline) in this process; this task writes its line. */
    private final ParkedBoard board;
    /** Jobs released per provider in the current round, by every task of this process. */
    private final ReleaseRounds rounds;
    /** Recent arrivals with deadlines per model, by every task of this process. */
    private final ArrivalForecasts arrivals;

    private ProcessorContext<?, ?> context;
    /**
     * deadline + requestId → ParkedJob; written here when a job parks, deleted when a release pass
     * sends it (never purged otherwise: every parked job is sent by its deadline).
     */
    private KeyValueStore<String, ParkedJob> parked;
    /**
     * The keys of {@link #parked}, in deadline order, in memory: the overflow scan walks them without decoding
     * every job, and their count and first deadline are what the process's board shows of this task.
     */
    private final TreeSet<String> parkedKeys = new TreeSet<>();
    /** How often parked jobs are looked at for a batch cancelled since the last look. */
    private static final Duration CANCEL_SWEEP_INTERVAL = Duration.ofSeconds(1);
    /** The cancellations store's version at the last look at the parked jobs; -1: none yet since the task opened. */
    private long sweptCancellationsVersion = -1;

    public ParkedJobs(
            Deferral deferral, Requests requests, ParkedBoard board, ReleaseRounds rounds, ArrivalForecasts arrivals) {
        this.deferral = deferral;
        this.requests = requests;
        this.board = board;
        this.rounds = rounds;
        this.arrivals = arrivals;
    }

    /** Opens the task's store, counts the jobs it holds and schedules the cancellation sweep and (deferral on) the release passes. */
    public void init(ProcessorContext<?, ?> context) {
        this.context = context;
        this.parked = context.getStateStore(STORE);
        countParked();
        context.schedule(CANCEL_SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::finishCancelledParked);
        if (deferral.enabled()) {
            context.schedule(deferral.interval(), PunctuationType.WALL_CLOCK_TIME, this::releaseParked);
        }
    }

    /** The task closed here: its line leaves the board. */
    public void close() {
        board.parked(context.taskId(), 0, Long.MAX_VALUE);
    }

    /**
     * The router's decision for a new job with a deadline, deferral on: counts its arrival, and lets the
     * jobs parked with earlier deadlines (in any task of this process) and those forecast to arrive due
     * before it go first. A {@link RouteDecision.Deferred} is the caller's to {@link #park}.
     */
    public RouteDecision decide(Job job) {
        long nowMs = requests.now().toEpochMilli();
        long deadlineMs = job.getRouting().getDeadline().toEpochMilli();
        // batch size and line as the client's batch runner sets them; the forecast ignores values that are not positive
        arrivals.arrived(
                job.getModel(),
                nowMs,
                deadlineMs - nowMs,
                job.getBatchId(),
                BatchLineCodec.metadataNumber(job.getMetadata(), BatchLineCodec.METADATA_BATCH_SIZE),
                BatchLineCodec.metadataNumber(job.getMetadata(), BatchLineCodec.METADATA_LINE));
        // jobs parked with earlier deadlines (in any task of this process) get free room first
        boolean first = deadlineMs < board.earliestDeadlineMs();
        long ahead = (first ? 0 : board.total()) + arrivals.expectedBefore(job.getModel(), nowMs, deadlineMs);
        return requests.decide(
                job,
                requests.routableProviders(),
                Set.of(),
                null,
                deferral,
                first ? RoomGate.OPEN : RoomGate.CLOSED,
                ahead);
    }

    /** Parks {@code job}, its prompt tokens counted, until a release pass sends it. */
    public void park(Job job, long inputTokens) {
        long deadlineMs = job.getRouting().getDeadline().toEpochMilli();
        String key = ParkedJob.key(deadlineMs, job.getRequestId(), requests.trace());
        parked.put(key, new ParkedJob(inputTokens, job));
        parkedKeys.add(key);
        requests.store()
                .put(job.getRequestId(), RequestState.parked(requests.now().toEpochMilli()));
        showParked();
    }

    /** Puts this task's parked jobs (how many, the earliest deadline) on the process's board. */
    private void showParked() {
        board.parked(
                context.taskId(),
                parkedKeys.size(),
                parkedKeys.isEmpty() ? Long.MAX_VALUE : ParkedJob.deadlineOf(parkedKeys.first()));
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
        double share = board.shareOf(context.taskId());
        List<ProviderConfig> routable = requests.routableProviders();
        Map<String, Long> quotas = new HashMap<>();
        RoomGate gate = (candidate, tokens) -> quotas.computeIfAbsent(candidate.name(), name -> {
                    long roundRoom = candidate.load().room(deferral.horizon(), tokens, now)
                            + rounds.releasedInRound(name, round);
                    return (long) Math.ceil(roundRoom * share);
                })
                > 0;
        long surelyWaitsMs = wallClockMs
                + deferral.interval()
                        .plus(deferral.margin())
                        .plus(deferral.horizon())
                        .plus(SCAN_SLACK)
                        .toMillis()
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
    private List<String> overflow(
            long wallClockMs,
            double share,
            List<ProviderConfig> routable,
            RoomGate gate,
            Map<String, Long> quotas,
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
            long dueEarlier = Math.round(ahead / share)
                    + arrivals.expectedBefore(value.job().getModel(), wallClockMs, ParkedJob.deadlineOf(key));
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
     * ({@link Requests#act}).
     */
    private void finishCancelledParked(long wallClockMs) {
        long version = requests.cancellationsVersion();
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
                if (requests.cancellationOf(entry.value.job()) == null) {
                    continue;
                }
                requests.beginReleased(ParkedJob.traceOf(entry.key), entry.value.job());
                try {
                    requests.finishIfCancelled(entry.value.job(), List.of());
                    cancelled.add(entry.key);
                } finally {
                    requests.endRecord();
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
    private boolean release(
            KeyValue<String, ParkedJob> entry,
            List<ProviderConfig> routable,
            RoomGate gate,
            Map<String, Long> quotas,
            long round,
            long parkedAhead) {
        Job job = entry.value.job();
        RouteDecision decision =
                requests.decide(job, routable, Set.of(), entry.value.inputTokens(), deferral, gate, parkedAhead);
        if (decision instanceof RouteDecision.Deferred) {
            return false;
        }
        if (decision instanceof RouteDecision.Assigned assigned) {
            quotas.computeIfPresent(assigned.provider(), (name, left) -> left - 1);
            rounds.released(assigned.provider(), round);
        }
        // the dispatch (or Result) continues the trace the job was parked with, not a fresh one
        requests.beginReleased(ParkedJob.traceOf(entry.key), job);
        try {
            requests.act(job, List.of(), 1, null, decision);
        } finally {
            requests.endRecord();
        }
        return true;
    }

    private long maxLatencyMs(List<ProviderConfig> routable) {
        double max = 0;
        for (ProviderConfig provider : routable) {
            max = Math.max(max, requests.loadOf(provider).latencyEwmaMs());
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
}
