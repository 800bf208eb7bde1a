package dev.roocode.connectors.worker;

import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the dispatch topic of a provider that was removed or deactivated, so that no job queued for it
 * waits for ever: each job left there becomes, without a provider call, an AttemptFailed on the fallback
 * topic ({@code NO_ROUTE}, "provider X was removed at T; the job was not sent to it"), which the
 * processor's fallback-finalizer re-routes to another candidate of the job's route (the provider is in
 * its attempts, so it is never chosen again) or answers with a FAILED Result carrying that message.
 *
 * <p>It reads in the workers' own group ({@link ProviderWorker#groupId}), from where the stopped worker
 * committed, skipping the records the worker finished beyond its committed offset (listed in the commit
 * metadata), and commits once the broker acknowledged the failure records of what it read: at least once,
 * like the worker. A crash mid-drain repeats some failure reports; the finalizer drops a report of an
 * attempt it has already re-routed or finished, so each job still gets one Result. The connectors
 * process starts a drain again after a restart, as it replays the providers topic.
 *
 * <p>It ends once it has read everything on the topic and {@code worker.drain.linger.ms} has passed since
 * the providers record that removed or deactivated the provider: jobs the router dispatched just before
 * it saw that record still arrive for a moment. It is stopped at once when the provider becomes ACTIVE
 * again, before the new worker starts, so the two never share the group.
 *
 * <p>Longer than most classes: it is a whole consumer loop with its own decode, dead-letter, commit,
 * rebalance and shutdown handling. The worker's equivalents are bound up with its in-flight window (and
 * are being split out of {@link ProviderWorker} separately), so this class does not share them yet.
 */
public final class ProviderDrain implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderDrain.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(1);
    /**
     * How long a drain that holds no partition waits for the group to give it some before it ends: joining takes
     * a few seconds (the broker's initial rebalance delay, 3 s by default), and with as many other members as
     * partitions (other processes' drains) none may ever come.
     */
    private static final Duration JOIN_WAIT = Duration.ofSeconds(30);

    private final String provider;
    private final String what;
    private final Instant since;
    private final ConnectorsConfig config;
    private final Topics topics;
    private final String dispatchTopic;
    private final Clock clock;
    private final KafkaClients clients;
    private final RecordDecoder decoder;
    private final AvroSerde<AttemptFailed> fallbackSerde;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile boolean crashed;
    private volatile boolean started;
    private volatile Consumer<String, byte[]> consumerRef;
    private volatile long drained;

    /** Finished offsets beyond each partition's committed offset, from the worker's commit metadata; poll thread only. */
    private final Map<TopicPartition, Set<Long>> doneByWorker = new HashMap<>();

    /**
     * A drain of {@code provider}'s dispatch topic.
     *
     * @param what "removed" or "deactivated", as the failures say
     * @param since when the providers record that removed or deactivated the provider was written
     */
    public ProviderDrain(
            String provider,
            String what,
            Instant since,
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            Clock clock) {
        this(provider, what, since, config, registry, clock, KafkaClients.REAL);
    }

    ProviderDrain(
            String provider,
            String what,
            Instant since,
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            Clock clock,
            KafkaClients clients) {
        this.provider = provider;
        this.what = what;
        this.since = since;
        this.config = config;
        this.topics = config.topics();
        this.dispatchTopic = topics.dispatch(provider).name();
        this.clock = clock;
        this.clients = clients;
        this.decoder = new RecordDecoder(
                provider,
                topics.dispatch(provider).valueSerde(registry),
                topics.dlq().name(),
                topics.dlq().valueSerde(registry),
                clock);
        this.fallbackSerde = topics.fallback().valueSerde(registry);
    }

    /** Starts {@link #run()} on a new thread named after the provider and returns it. */
    public Thread start() {
        Thread thread = new Thread(this, "roocode-drain-" + provider);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Jobs sent to fallback so far. */
    public long drained() {
        return drained;
    }

    /** Whether the drain has ended (read everything and lingered, or was stopped). */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /**
     * The failure report of a job found queued for a provider that was removed or deactivated: no call was
     * made, and another provider of its route may still serve it, so it is retryable.
     */
    public static AttemptFailed failureOf(DispatchedJob job, String provider, String what, Instant since, Instant now) {
        String message = "provider " + provider + " was " + what + " at " + since + "; the job was not sent to it";
        AttemptRecord attempt = AttemptRecord.newBuilder()
                .setProvider(provider)
                .setProviderModel(job.getAssignment().getProviderModel())
                .setAttempt(job.getAssignment().getAttempt())
                .setCalls(0)
                .setLatencyMs(0)
                .setErrorClass(ErrorClass.NO_ROUTE)
                .setMessage(message)
                .build();
        return AttemptFailed.newBuilder()
                .setDispatched(job)
                .setAttempt(attempt)
                .setError(ErrorInfo.newBuilder()
                        .setErrorClass(ErrorClass.NO_ROUTE)
                        .setMessage(message)
                        .setProvider(provider)
                        .build())
                .setRetryable(true)
                .setFailedAt(now)
                .build();
    }

    @Override
    public void run() {
        started = true;
        Consumer<String, byte[]> consumer = null;
        Producer<String, byte[]> producer = null;
        try {
            consumer = clients.consumer(consumerProps());
            consumerRef = consumer;
            if (closing || crashed) {
                return;
            }
            producer = clients.producer(producerProps());
            if (consumer.partitionsFor(dispatchTopic, Duration.ofSeconds(5)).isEmpty()) {
                log.info("provider={} {}: no topic {}, nothing to drain", provider, what, dispatchTopic);
                return;
            }
            consumer.subscribe(List.of(dispatchTopic), new Rebalance(consumer));
            log.info(
                    "provider={} {}: sending the jobs left on {} to fallback, without a call",
                    provider,
                    what,
                    dispatchTopic);
            loop(consumer, producer);
            if (drained > 0) {
                log.info("provider={} {}: {} queued job(s) sent to fallback without a call", provider, what, drained);
            }
        } catch (WakeupException e) {
            // close() or crash()
        } catch (RuntimeException e) {
            log.error(
                    "provider={} drain of {} stopped by an unexpected error; the connectors restart it with the process",
                    provider,
                    dispatchTopic,
                    e);
        } finally {
            closeClients(consumer, producer);
            finished.countDown();
        }
    }

    private void loop(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer) {
        Instant startedAt = clock.instant();
        Instant lingerUntil = since.plus(config.drainLinger());
        while (!closing && !crashed) {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            if (records.isEmpty()) {
                Instant now = clock.instant();
                if (!now.isBefore(lingerUntil) && caughtUp(consumer, now.isAfter(startedAt.plus(JOIN_WAIT)))) {
                    return;
                }
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (TopicPartition tp : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                    if (!handle(record, producer, sends)) {
                        consumer.seek(tp, record.offset()); // read again after the registry's back-off
                        break;
                    }
                    handled.put(tp, new OffsetAndMetadata(record.offset() + 1));
                }
            }
            producer.flush();
            if (acknowledged(sends)) {
                drained += sends.size();
                consumer.commitSync(handled);
            } else {
                rewind(consumer, handled.keySet());
            }
        }
    }

    /**
     * Sends the failure report (or dead letter) of one record; false when it cannot be decoded for now (the
     * schema registry is unreachable), so it must be read again, never dead-lettered.
     */
    private boolean handle(
            ConsumerRecord<String, byte[]> record,
            Producer<String, byte[]> producer,
            List<Future<RecordMetadata>> sends) {
        Set<Long> done = doneByWorker.get(new TopicPartition(record.topic(), record.partition()));
        if (done != null && done.contains(record.offset())) {
            return true; // the worker finished it and said so in its commit
        }
        RecordDecoder.Decoded decoded = decoder.decode(record);
        if (decoded.registryDown()) {
            log.warn(
                    "provider={} requestId={} schema registry unavailable, draining again in {} ms: {}",
                    provider,
                    record.key(),
                    REGISTRY_BACKOFF.toMillis(),
                    decoded.reason());
            sleep(REGISTRY_BACKOFF);
            return false;
        }
        if (decoded.job() == null) {
            sends.add(producer.send(decoder.deadLetter(record, decoded.reason())));
            return true;
        }
        DispatchedJob job = decoded.job();
        String requestId = job.getJob().getRequestId();
        log.debug("provider={} requestId={} {}: sent to fallback without a call", provider, requestId, what);
        String fallback = topics.fallback().name();
        AttemptFailed failure = failureOf(job, provider, what, since, clock.instant());
        sends.add(producer.send(new ProducerRecord<>(fallback, requestId, fallbackSerde.serialize(fallback, failure))));
        return true;
    }

    /** Whether the broker acknowledged every send (the producer was flushed); logs the first failure. */
    private boolean acknowledged(List<Future<RecordMetadata>> sends) {
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(0, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                log.warn(
                        "provider={} drain: a failure report was not acknowledged, reading those jobs again: {}",
                        provider,
                        e.getCause() == null ? e.toString() : e.getCause().toString());
                return false;
            }
        }
        return true;
    }

    /** Seeks {@code partitions} back to the group's committed offsets, so their records are reported again. */
    private void rewind(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata commit = committed == null ? null : committed.get(tp);
            if (commit != null) {
                consumer.seek(tp, commit.offset());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        sleep(REGISTRY_BACKOFF);
    }

    /**
     * Whether everything on the topic has been read: every partition held is at its end (the last stable
     * offset, as the consumer reads committed records only). With no partition held (the group has not
     * assigned any yet, or other members hold them all) only once {@code waitedLongEnough}.
     */
    private boolean caughtUp(Consumer<String, byte[]> consumer, boolean waitedLongEnough) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return waitedLongEnough;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (TopicPartition tp : assigned) {
            Long end = ends.get(tp);
            if (end != null && consumer.position(tp) < end) {
                return false;
            }
        }
        return true;
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer) {
        consumerRef = null;
        if (crashed) {
            if (consumer != null) {
                try {
                    consumer.close(CloseOptions.timeout(Duration.ZERO));
                } catch (RuntimeException e) {
                    log.debug("provider={} drain consumer close: {}", provider, e.toString());
                }
            }
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            return;
        }
        // every record read has been acknowledged and committed at the end of its loop pass: leave the group now,
        // so a new worker (provider activated again) gets the partitions at once
        if (consumer != null) {
            try {
                consumer.close(
                        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            } catch (KafkaException e) {
                log.debug("provider={} drain consumer close: {}", provider, e.toString());
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Stops the drain and waits for it: what it read is reported and committed, the rest stays for the next owner. */
    @Override
    public void close() {
        closing = true;
        stop();
    }

    /** Stops at once without committing, as close to kill -9 as one JVM allows; for tests. */
    public void crash() {
        crashed = true;
        stop();
    }

    private void stop() {
        if (!started) {
            return;
        }
        Consumer<String, byte[]> current = consumerRef;
        if (current != null && crashed) {
            // a graceful stop is not woken: a wakeup could cut the commit of failures already reported, and the
            // next owner (a new worker) would call the provider for them; the loop sees the flag within one poll
            current.wakeup();
        }
        try {
            if (!finished.await(config.shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                log.warn("provider={} drain did not stop in time", provider);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker's consumer settings, but dynamic membership, and never creating a topic that is gone. */
    private Map<String, Object> consumerProps() {
        Map<String, Object> props =
                KafkaClients.consumerProps(config, provider, ConsumerConfig.DEFAULT_MAX_POLL_RECORDS);
        // a drain is not the worker: it never takes over (or hands back) the worker's static membership
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        // asking for a topic that is gone must not create it on a broker that auto-creates topics
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        if (!config.consumerProps().containsKey(ConsumerConfig.CLIENT_ID_CONFIG)) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-drain-" + provider);
        }
        return props;
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> props = KafkaClients.producerProps(config, provider);
        if (!config.producerProps().containsKey(ProducerConfig.CLIENT_ID_CONFIG)) {
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "roocode-drain-" + provider);
        }
        return props;
    }

    /** Reads which records the worker finished beyond its committed offsets. Runs on the drain's thread inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<String, byte[]> consumer;

        Rebalance(Consumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = consumer.committed(new HashSet<>(partitions));
            } catch (KafkaException e) {
                log.info(
                        "provider={} drain cannot read committed offsets ({}); finished records past them are reported again",
                        provider,
                        e.toString());
                committed = Map.of();
            }
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata commit = committed == null ? null : committed.get(tp);
                doneByWorker.put(
                        tp,
                        commit == null
                                ? Set.of()
                                : PartitionProgress.completedInMetadata(commit.offset(), commit.metadata()));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(doneByWorker::remove); // what was read is committed at the end of each loop pass
        }
    }
}
