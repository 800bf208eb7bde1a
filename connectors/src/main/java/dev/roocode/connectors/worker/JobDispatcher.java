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
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
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
 * {@link AttemptExecutor}, and holds back while the window is full (keeping the polled records in the
 * {@link DispatchWindow} and pausing the partitions once a window's worth is held) or the schema registry
 * is down or the pacer has no budget (seeking back to the first record not started and pausing). Runs on
 * the poll thread.
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

    /**
     * Starts what {@code records} hold, after the records held from earlier polls, as far as the window, the
     * registry and the pacer let it: a full window keeps the rest held, a backoff seeks back to it.
     */
    void dispatch(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            window.hold(tp, records.records(tp));
        }
        dispatchHeld();
    }

    /** Starts held records while the window has room (also from a commit's callback, inside poll). */
    void dispatchHeld() {
        try {
            dispatchRecords();
        } finally {
            LogFields.clear();
        }
    }

    private void dispatchRecords() {
        Iterator<Map.Entry<TopicPartition, Deque<ConsumerRecord<String, byte[]>>>> queues =
                window.held().entrySet().iterator();
        while (queues.hasNext()) {
            Map.Entry<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> queue = queues.next();
            TopicPartition tp = queue.getKey();
            PartitionProgress partition = window.progress().get(tp);
            Deque<ConsumerRecord<String, byte[]>> held = queue.getValue();
            if (partition == null) {
                held.forEach(r -> window.took()); // not ours any more
                queues.remove();
                continue;
            }
            while (!held.isEmpty()) {
                if (crashed.getAsBoolean() || window.isFull()) {
                    return; // the rest stays held until a commit frees a slot
                }
                ConsumerRecord<String, byte[]> record = held.peek();
                if (partition.isAlreadyDone(record.offset())) {
                    take(held);
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
                    seekBackToHeld();
                    return;
                }
                String cancelled =
                        decoded.job() == null ? null : cancelledBatches.get().reasonToSkip(decoded.job());
                if (cancelled != null) {
                    // its batch was cancelled: answered at once as CANCELLED, no call, no pacing budget spent
                    take(held);
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
                    seekBackToHeld();
                    return;
                }
                take(held);
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
            queues.remove();
        }
    }

    private void take(Deque<ConsumerRecord<String, byte[]>> held) {
        held.poll();
        window.took();
    }

    /** A backoff: every held record is read again from its partition once it ends, rather than kept. */
    private void seekBackToHeld() {
        for (Map.Entry<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> queue :
                Map.copyOf(window.held()).entrySet()) {
            if (!queue.getValue().isEmpty() && window.progress().containsKey(queue.getKey())) {
                consumer.seek(queue.getKey(), queue.getValue().peek().offset());
            }
            window.drop(queue.getKey());
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

    /**
     * Pauses the partitions while a window's worth of records is held or a backoff runs, and resumes them after.
     * A full window alone does not pause them: the records fetched meanwhile are held, and the slot a commit frees
     * starts the next one at once, without a fetch's round trip (issue #21).
     */
    void updatePause() {
        Collection<TopicPartition> assigned = consumer.assignment();
        Instant now = clock.instant();
        if (window.heldCount() >= window.size()
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
