package dev.roocode.connectors.worker;

import dev.roocode.connectors.execution.AttemptExecutor;
import dev.roocode.connectors.execution.AttemptOutcome;
import dev.roocode.connectors.execution.ProviderGuard;
import dev.roocode.connectors.execution.TokenReservation;
import dev.roocode.core.trace.LogFields;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.trace.TraceHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a worker's polled records inside its window: skips those an earlier owner finished, dead-letters
 * undecodable ones, answers the jobs of cancelled batches without a call, hands the rest to the
 * {@link AttemptExecutor}, and holds back (seeks to the record and pauses the partitions) while the
 * window is full, the schema registry is down or the pacer has no budget. Runs on the poll thread.
 */
final class JobDispatcher {
    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(1);

    private final ProviderConfig provider;
    private final Consumer<String, byte[]> consumer;
    private final DispatchWindow window;
    private final RecordDecoder decoder;
    private final OutcomePublisher publisher;
    private final AttemptExecutor executor;
    private final ProviderGuard guard;
    private final Clock clock;
    private final Supplier<CancelledBatches> cancelledBatches;
    private final BooleanSupplier crashed;
    private final SlotTimings timings;
    private Instant registryBackoffUntil = Instant.EPOCH;
    /** Until when the pacer has no budget or a 429 paused the provider: no new calls, partitions paused. */
    private Instant paceBackoffUntil = Instant.EPOCH;

    JobDispatcher(
            ProviderConfig provider,
            Consumer<String, byte[]> consumer,
            DispatchWindow window,
            RecordDecoder decoder,
            OutcomePublisher publisher,
            AttemptExecutor executor,
            ProviderGuard guard,
            Clock clock,
            Supplier<CancelledBatches> cancelledBatches,
            BooleanSupplier crashed,
            SlotTimings timings) {
        this.provider = provider;
        this.consumer = consumer;
        this.window = window;
        this.decoder = decoder;
        this.publisher = publisher;
        this.executor = executor;
        this.guard = guard;
        this.clock = clock;
        this.cancelledBatches = cancelledBatches;
        this.crashed = crashed;
        this.timings = timings;
    }

    /** Starts what {@code records} hold, as far as the window, the registry and the pacer let it; seeks back to the rest. */
    void dispatch(ConsumerRecords<String, byte[]> records) {
        try {
            dispatchRecords(records);
        } finally {
            LogFields.clear();
        }
    }

    private void dispatchRecords(ConsumerRecords<String, byte[]> records) {
        boolean stop = false;
        for (TopicPartition tp : records.partitions()) {
            PartitionProgress partition = window.progress().get(tp);
            for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                if (crashed.getAsBoolean()) {
                    return;
                }
                if (stop || window.isFull()) {
                    // window full: re-read from here once it drains, instead of buffering records
                    stop = true;
                    consumer.seek(tp, record.offset());
                    break;
                }
                if (partition.isAlreadyDone(record.offset())) {
                    partition.skipped(record.offset()); // an earlier owner finished it and said so in its commit
                    continue;
                }
                // this worker's span of the job: on its provider calls' parent, its outcome and fallback records
                TraceParent span = TraceHeaders.readOrFresh(record.headers()).child();
                LogFields.put(record.key(), null, provider.getName(), span);
                RecordDecoder.Decoded decoded = decoder.decode(record);
                if (decoded.job() != null) {
                    LogFields.put(record.key(), decoded.job().getJob().getBatchId(), provider.getName(), span);
                }
                if (decoded.registryDown()) {
                    // not the record's fault: read it again once the registry answers, never dead-letter it
                    log.warn(
                            "provider={} requestId={} schema registry unavailable, pausing {} ms: {}",
                            provider.getName(),
                            record.key(),
                            REGISTRY_BACKOFF.toMillis(),
                            decoded.reason());
                    registryBackoffUntil = clock.instant().plus(REGISTRY_BACKOFF);
                    stop = true;
                    consumer.seek(tp, record.offset());
                    break;
                }
                String cancelled =
                        decoded.job() == null ? null : cancelledBatches.get().reasonToSkip(decoded.job());
                if (cancelled != null) {
                    // its batch was cancelled: answered at once as CANCELLED, no call, no pacing budget spent
                    partition.dispatched(record.offset());
                    window.take();
                    publisher.expect();
                    publisher.completed(partition, record.offset(), skipped(decoded.job(), cancelled), span);
                    continue;
                }
                TokenReservation.Estimate tokens =
                        decoded.job() == null ? null : TokenReservation.estimateOf(decoded.job());
                Duration wait = decoded.job() == null ? Duration.ZERO : guard.waitTime(tokens);
                if (!wait.isZero()) {
                    // no budget (or a 429 paused the provider): the whole worker stops starting calls until then
                    paceBackoffUntil = clock.instant().plus(wait);
                    stop = true;
                    consumer.seek(tp, record.offset());
                    break;
                }
                partition.dispatched(record.offset());
                window.take();
                if (decoded.job() == null) {
                    ProducerRecord<String, byte[]> letter = decoder.deadLetter(record, decoded.reason());
                    TraceHeaders.write(letter.headers(), span);
                    publisher.publish(partition, record.offset(), letter);
                    continue;
                }
                publisher.expect();
                long offset = record.offset();
                timings.started(partition, offset);
                // runs on an HTTP or timer thread: only enqueue, never touch Kafka here
                executor.execute(decoded.job(), tokens, span)
                        .thenAccept(outcome -> publisher.completed(partition, offset, outcome, span));
            }
        }
    }

    /** The outcome of a job skipped because its batch was cancelled: not retryable, for the processor to finish as CANCELLED. */
    private AttemptOutcome skipped(DispatchedJob job, String message) {
        log.debug(
                "provider={} requestId={} skipped: {}",
                provider.getName(),
                job.getJob().getRequestId(),
                message);
        AttemptRecord attempt = AttemptRecord.newBuilder()
                .setProvider(provider.getName())
                .setProviderModel(job.getAssignment().getProviderModel())
                .setAttempt(job.getAssignment().getAttempt())
                .setLatencyMs(0)
                .setErrorClass(ErrorClass.CANCELLED)
                .build();
        return new AttemptOutcome.Failed(AttemptFailed.newBuilder()
                .setDispatched(job)
                .setAttempt(attempt)
                .setError(ErrorInfo.newBuilder()
                        .setErrorClass(ErrorClass.CANCELLED)
                        .setMessage(message)
                        .setProvider(provider.getName())
                        .build())
                .setRetryable(false)
                .setFailedAt(clock.instant())
                .build());
    }

    /** Pauses the partitions while the window is full or a backoff runs, and resumes them after. */
    void updatePause() {
        Collection<TopicPartition> assigned = consumer.assignment();
        Instant now = clock.instant();
        if (window.isFull()
                || now.isBefore(registryBackoffUntil)
                || now.isBefore(paceBackoffUntil)
                || now.isBefore(guard.pacer().pausedUntil())) {
            consumer.pause(assigned);
        } else if (!consumer.paused().isEmpty()) {
            Set<TopicPartition> resumable = new HashSet<>(consumer.paused());
            resumable.retainAll(assigned); // a partition revoked while paused is no longer ours to resume
            consumer.resume(resumable);
        }
    }
}
