package dev.roocode.processor.intake;

import dev.roocode.processor.finalizer.Results;
import dev.roocode.processor.topology.Emit;
import dev.roocode.processor.topology.ProcessorSettings;
import dev.roocode.processor.topology.RequestProcessor;
import dev.roocode.processor.topology.RequestState;
import dev.roocode.processor.topology.TaskLedgers;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stop of every job: decode, drop resubmissions of a requestId already in progress or
 * finished, validate, then route to a provider's dispatch topic. Unreadable records become dead
 * letters (and a FAILED Result when the key is a usable requestId), so a poison record never stops
 * the partition.
 */
public final class JobIntakeProcessor extends RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(JobIntakeProcessor.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final AvroSerde<Job> jobs;

    public JobIntakeProcessor(ProcessorSettings settings, TaskLedgers ledgers) {
        super(settings, ledgers);
        this.jobs = settings.topics().jobs().valueSerde(settings.registry());
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        super.init(context);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeFinished);
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

    private void accept(Job job) {
        String invalid = JobValidator.problem(job);
        if (invalid == null && !settings.isAllowedReplyTopic(job.getReplyTo())) {
            invalid = "replyTo '" + job.getReplyTo() + "' is not an existing topic allowed by reply.topics.allowed";
        }
        if (invalid != null) {
            finish(job, Results.failed(job, Results.error(ErrorClass.INVALID_JOB, invalid, null, null), List.of(), now()));
            return;
        }
        if (job.getRouting().getDeadline() != null && job.getRouting().getDeadline().isBefore(now())) {
            finish(job, Results.failed(job, Results.error(ErrorClass.DEADLINE_EXCEEDED,
                    "deadline " + job.getRouting().getDeadline() + " passed before dispatch", null, null), List.of(), now()));
            return;
        }
        dispatchOrFail(job, List.of(), 1, null);
    }

    /** Forgets finished requestIds older than dedup.retention.ms, so the store stays bounded. */
    private void purgeFinished(long wallClockMs) {
        long cutoff = wallClockMs - settings.dedupRetention().toMillis();
        try (KeyValueIterator<String, RequestState> all = requests.all()) {
            while (all.hasNext()) {
                KeyValue<String, RequestState> entry = all.next();
                if (entry.value.done() && entry.value.updatedAt() < cutoff) {
                    requests.delete(entry.key);
                }
            }
        }
    }
}
