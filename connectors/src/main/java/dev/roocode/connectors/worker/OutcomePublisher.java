package dev.roocode.connectors.worker;

import dev.roocode.connectors.execution.AttemptOutcome;
import dev.roocode.core.trace.LogFields;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import dev.roocode.schemas.trace.TraceHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a worker's records end in (AttemptSucceeded to outcomes, AttemptFailed to fallback,
 * dead letters to dlq), keyed by requestId, and marks a record finished in its {@link PartitionProgress}
 * once the producer acknowledged its record: that is what a commit may cover.
 *
 * <p>Threads: {@link #completed} is called from HTTP and timer threads and only enqueues, as do the
 * producer's callbacks; everything else runs on the poll thread, which applies both queues in
 * {@link #drain()}.
 */
final class OutcomePublisher {
    private static final Logger log = LoggerFactory.getLogger(OutcomePublisher.class);
    /** How often a wait for outstanding outcomes looks at them again. */
    private static final Duration DRAIN_STEP = Duration.ofMillis(5);

    private static final int MAX_SENDS = 3;

    private final String provider;
    private final Producer<String, byte[]> producer;
    private final String outcomesTopic;
    private final String fallbackTopic;
    private final AvroSerde<AttemptSucceeded> outcomeSerde;
    private final AvroSerde<AttemptFailed> fallbackSerde;
    private final DispatchWindow window;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BooleanSupplier crashed;
    private final SlotTimings timings;

    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    // owned by the poll thread
    private int inFlight;
    private int unacked;
    private volatile int inFlightView;

    OutcomePublisher(
            String provider,
            Producer<String, byte[]> producer,
            Topics topics,
            AvroSerde<AttemptSucceeded> outcomeSerde,
            AvroSerde<AttemptFailed> fallbackSerde,
            DispatchWindow window,
            Clock clock,
            Sleeper sleeper,
            BooleanSupplier crashed,
            SlotTimings timings) {
        this.provider = provider;
        this.producer = producer;
        this.outcomesTopic = topics.outcomes().name();
        this.fallbackTopic = topics.fallback().name();
        this.outcomeSerde = outcomeSerde;
        this.fallbackSerde = fallbackSerde;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
        this.crashed = crashed;
        this.timings = timings;
    }

    /** A record was handed to execution: its outcome is due through {@link #completed}. Poll thread. */
    void expect() {
        inFlight++;
        inFlightView = inFlight;
    }

    /**
     * The outcome of the record at {@code offset}, published with {@code span} (the worker's span of the job) as its
     * {@code traceparent}; any thread, only enqueues.
     */
    void completed(PartitionProgress partition, long offset, AttemptOutcome outcome, TraceParent span) {
        completions.add(new Completion(partition, offset, outcome, span, System.nanoTime()));
    }

    /** Sends {@code record} (a dead letter) as what the record at {@code offset} ends in. Poll thread. */
    void publish(PartitionProgress partition, long offset, ProducerRecord<String, byte[]> record) {
        send(new Publish(partition, offset, record));
    }

    /** Records handed to execution whose outcome is not yet published. */
    int inFlight() {
        return inFlight;
    }

    /** {@link #inFlight()} as last seen by the poll thread, for other threads. */
    int inFlightView() {
        return inFlightView;
    }

    /** Records sent whose acknowledgement has not arrived. */
    int unacked() {
        return unacked;
    }

    /** Publishes finished attempts and applies producer acknowledgements to partition progress. */
    void drain() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            inFlight--;
            send(new Publish(
                    completion.partition(), completion.offset(), toRecord(completion.outcome(), completion.span())));
            timings.sent(completion.partition(), completion.offset(), completion.answeredAt());
        }
        inFlightView = inFlight;
        Ack ack;
        while ((ack = acks.poll()) != null) {
            unacked--;
            if (ack.failure() == null) {
                PartitionProgress partition = ack.publish().partition();
                timings.ackSeen(partition, ack.publish().offset(), ack.ackedAt());
                if (!partition.completed(ack.publish().offset()) && partition.isRevoked()) {
                    window.release(1); // a late completion of a partition we lost: published, never committed by us
                }
            } else if (!crashed.getAsBoolean() && ack.publish().attempts() < MAX_SENDS) {
                log.warn(
                        "provider={} requestId={} publish to {} failed, retrying: {}",
                        provider,
                        ack.publish().record().key(),
                        ack.publish().record().topic(),
                        ack.failure().toString());
                send(ack.publish().retry());
            } else {
                log.error(
                        "provider={} requestId={} publish to {} failed; its offset stays uncommitted",
                        provider,
                        ack.publish().record().key(),
                        ack.publish().record().topic(),
                        ack.failure());
            }
        }
    }

    /** Waits up to {@code timeout} until {@code done} holds, publishing completions meanwhile. */
    void awaitDrained(Duration timeout, BooleanSupplier done) {
        Instant until = clock.instant().plus(timeout);
        drain();
        while (!crashed.getAsBoolean()
                && !done.getAsBoolean()
                && clock.instant().isBefore(until)) {
            try {
                sleeper.sleep(DRAIN_STEP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            drain();
        }
    }

    private ProducerRecord<String, byte[]> toRecord(AttemptOutcome outcome, TraceParent span) {
        if (outcome instanceof AttemptOutcome.Succeeded succeeded) {
            return new ProducerRecord<>(
                    outcomesTopic,
                    null,
                    outcome.requestId(),
                    outcomeSerde.serialize(outcomesTopic, succeeded.value()),
                    TraceHeaders.of(span));
        }
        AttemptFailed failed = ((AttemptOutcome.Failed) outcome).value();
        try (LogFields.Scope fields =
                LogFields.put(outcome.requestId(), outcome.dispatched().getJob().getBatchId(), provider, span)) {
            log.debug(
                    "provider={} requestId={} attempt failed: {}",
                    provider,
                    outcome.requestId(),
                    failed.getError().getErrorClass());
        }
        return new ProducerRecord<>(
                fallbackTopic,
                null,
                outcome.requestId(),
                fallbackSerde.serialize(fallbackTopic, failed),
                TraceHeaders.of(span));
    }

    private void send(Publish publish) {
        unacked++;
        producer.send(publish.record(), (metadata, failure) -> acks.add(new Ack(publish, failure, System.nanoTime())));
    }

    private record Completion(
            PartitionProgress partition, long offset, AttemptOutcome outcome, TraceParent span, long answeredAt) {}

    private record Publish(
            PartitionProgress partition, long offset, ProducerRecord<String, byte[]> record, int attempts) {
        Publish(PartitionProgress partition, long offset, ProducerRecord<String, byte[]> record) {
            this(partition, offset, record, 1);
        }

        Publish retry() {
            return new Publish(partition, offset, record, attempts + 1);
        }
    }

    private record Ack(Publish publish, Exception failure, long ackedAt) {}
}
