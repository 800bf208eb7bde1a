package dev.roocode.processor.intake;

import dev.roocode.processor.deferral.ArrivalForecasts;
import dev.roocode.processor.deferral.OutageWaits;
import dev.roocode.processor.deferral.ParkedBoard;
import dev.roocode.processor.deferral.ParkedJobs;
import dev.roocode.processor.deferral.ReleaseRounds;
import dev.roocode.processor.metrics.ProcessorMetrics;
import dev.roocode.processor.requests.Emit;
import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.requests.ReplyTopics;
import dev.roocode.processor.requests.RequestState;
import dev.roocode.processor.requests.Requests;
import dev.roocode.processor.requests.Results;
import dev.roocode.processor.router.Deferral;
import dev.roocode.processor.router.RoomGate;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stop of every job: decode, drop resubmissions of a requestId already in progress or
 * finished, admit its tenant and reply topic by the jobs topic it was written to ({@link ReplyTopics}),
 * validate, then route to a provider's dispatch topic — or park it. Unreadable records
 * become dead letters (and a FAILED Result when the key is a usable requestId), so a poison record
 * never stops the partition.
 *
 * <p>Parking: a COST job with a deadline whose cheapest in-time provider is beyond the deferral
 * horizon waits in {@link ParkedJobs} (see {@link Deferral}); a new job whose only provider's circuit is
 * open waits in {@link OutageWaits}, as after a failed attempt.
 */
public final class JobIntakeProcessor implements Processor<byte[], byte[], String, Emit> {
    private static final Logger log = LoggerFactory.getLogger(JobIntakeProcessor.class);
    /** How often a pass over the requests store starts purging finished requestIds; it goes in slices. */
    private static final Duration PURGE_PASS_INTERVAL = Duration.ofMinutes(1);
    /** How often a slice of a purge pass runs, and how many entries a slice looks at: 20,000 entries a second. */
    private static final Duration PURGE_INTERVAL = Duration.ofMillis(250);

    private static final int PURGE_BATCH = 5_000;

    private final ProcessorSettings settings;
    private final AvroSerde<Job> jobs;
    private final Deferral deferral;
    /** The task's request store, routing, dispatch and finish. */
    private final Requests requests;
    /** COST jobs waiting for cheaper room. */
    private final ParkedJobs parkedJobs;
    /** The fallback-finalizer's jobs waiting out an outage: a new job whose only provider's circuit is open parks there too. */
    private final OutageWaits outageWaits;
    /** Where the next purge slice starts in the requests store; null: no pass under way. */
    private String purgeFrom;
    /** When the last purge pass started (wall clock). */
    private long purgePassStartedMs = Long.MIN_VALUE / 2;

    /**
     * @param requests the task's requests, shared with nothing else of this instance
     * @param board    every task's parked jobs in this process
     * @param rounds   jobs released per provider in the current round, by every task
     * @param arrivals recent arrivals with deadlines per model, by every task
     */
    public JobIntakeProcessor(
            ProcessorSettings settings,
            Requests requests,
            ParkedBoard board,
            ReleaseRounds rounds,
            ArrivalForecasts arrivals) {
        this.settings = settings;
        this.jobs = settings.topics().jobs().valueSerde(settings.registry());
        this.deferral = settings.deferral();
        this.requests = requests;
        this.parkedJobs = new ParkedJobs(deferral, requests, board, rounds, arrivals);
        this.outageWaits = new OutageWaits(settings, requests);
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        requests.init(context);
        requests.store()
                .ids()
                .reset(); // the task (re)opened: until a purge pass has read the store, every lookup reaches it
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeFinished);
        outageWaits.init(context);
        parkedJobs.init(context);
    }

    @Override
    public void close() {
        parkedJobs.close();
        requests.forgetTask();
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
        String requestId = Requests.requestIdOf(record.key());
        if (record.value() == null) {
            requests.reject(record, requestId, "empty job record (null value)", true);
            return;
        }
        Job job;
        try {
            job = jobs.deserialize(settings.topics().jobs().name(), record.value());
        } catch (SerializationException e) {
            requests.reject(record, requestId, "undecodable job: " + e.getMessage(), true);
            return;
        }
        if (requestId == null) {
            requests.reject(record, null, "job key is not a usable requestId", false);
            return;
        }
        if (!requestId.equals(job.getRequestId())) {
            requests.reject(
                    record,
                    requestId,
                    "job key '" + requestId + "' differs from its requestId '" + job.getRequestId() + "'",
                    true);
            return;
        }
        requests.logJob(job, null);
        requests.received(job, record.value());
        if (requests.store().get(requestId) != null) {
            log.debug("Ignoring resubmitted job {}: already in progress or finished", requestId);
            return;
        }
        // a requestId is global: a job already seen on the shared or any tenant's topic was dropped above
        ReplyTopics replyTopics = requests.replyTopics();
        ReplyTopics.Admission admission = replyTopics.admit(
                job, replyTopics.tenantOf(requests.origin(record).topic()));
        if (admission instanceof ReplyTopics.Refused refused) {
            log.info("Refusing job {}: {}", requestId, refused.reason());
            requests.refuse(record, job, refused);
            return;
        }
        accept(((ReplyTopics.Admitted) admission).job());
    }

    /**
     * A new job (process() has just found no state for its requestId and admitted its tenant and reply topic):
     * validated, then routed, parked or finished.
     */
    private void accept(Job job) {
        ProcessorMetrics metrics = settings.metrics();
        metrics.accepted(job.getTenant());
        String invalid = JobValidator.problem(job);
        if (invalid != null) {
            metrics.rejected(ErrorClass.INVALID_JOB);
            requests.finish(
                    job,
                    Results.failed(
                            job, Results.error(ErrorClass.INVALID_JOB, invalid, null, null), List.of(), requests.now()),
                    null);
            return;
        }
        if (requests.finishIfCancelled(job, List.of())) {
            return;
        }
        if (job.getRouting().getDeadline() != null
                && job.getRouting().getDeadline().isBefore(requests.now())) {
            metrics.rejected(ErrorClass.DEADLINE_EXCEEDED);
            requests.finish(
                    job,
                    Results.failed(
                            job,
                            Results.error(
                                    ErrorClass.DEADLINE_EXCEEDED,
                                    "deadline " + job.getRouting().getDeadline() + " passed before dispatch",
                                    null,
                                    null),
                            List.of(),
                            requests.now()),
                    null);
            return;
        }
        if (!deferral.enabled() || job.getRouting().getDeadline() == null) {
            routeOrWait(
                    job,
                    requests.decide(
                            job, requests.routableProviders(), Set.of(), null, Deferral.NEVER, RoomGate.OPEN, 0));
            return;
        }
        RouteDecision decision = parkedJobs.decide(job);
        if (decision instanceof RouteDecision.Deferred deferred) {
            metrics.deferred(ProcessorMetrics.DEFERRED_COST_WINDOW);
            parkedJobs.park(job, deferred.inputTokens());
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
        if (decision instanceof RouteDecision.Rejected rejected
                && rejected.errorClass() == ErrorClass.NO_ROUTE
                && outageWaits.parkIfOnlyCircuitsOpen(job)) {
            settings.metrics().deferred(ProcessorMetrics.DEFERRED_CIRCUIT_OPEN);
            return;
        }
        requests.act(job, List.of(), 1, null, decision);
    }

    /**
     * Forgets finished requestIds older than dedup.retention.ms, so the store stays bounded. A pass
     * over the whole store starts once a minute and goes in slices of {@value #PURGE_BATCH} entries,
     * each slice resuming where the last one stopped: a scan of the whole store at once (as first
     * written) stopped the stream thread for as long as it took, which showed in the p99 latency of
     * every job behind it. Each pass also rebuilds the task's {@link dev.roocode.processor.requests.RequestIdFilter}
     * from the ids it keeps.
     */
    private void purgeFinished(long wallClockMs) {
        if (purgeFrom == null) {
            if (wallClockMs - purgePassStartedMs < PURGE_PASS_INTERVAL.toMillis()) {
                return; // one pass over the store a minute, as before, only no longer all at once
            }
            purgePassStartedMs = wallClockMs;
            requests.store().ids().passStarted();
        }
        long cutoff = wallClockMs - settings.dedupRetention().toMillis();
        List<String> expired = new ArrayList<>();
        String next = null;
        int seen = 0;
        try (KeyValueIterator<String, RequestState> entries =
                purgeFrom == null ? requests.store().all() : requests.store().from(purgeFrom)) {
            while (entries.hasNext()) {
                KeyValue<String, RequestState> entry = entries.next();
                if (++seen > PURGE_BATCH) {
                    next = entry.key;
                    break;
                }
                if (entry.value.done() && entry.value.updatedAt() < cutoff) {
                    expired.add(entry.key);
                } else {
                    requests.store().ids().passKept(entry.key);
                }
            }
        }
        expired.forEach(requests.store()::delete);
        purgeFrom = next;
        if (next == null) {
            requests.store().ids().passEnded();
        }
    }
}
