package dev.roocode.connectors.worker;

import dev.roocode.connectors.batch.BatchOutput;
import dev.roocode.connectors.batch.BatchSettings;
import dev.roocode.connectors.batch.Batcher;
import dev.roocode.connectors.batch.ProviderBatchApi;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.ProviderBatch;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one provider's {@link Batcher} on Kafka: reads the provider's batch dispatch topic
 * ({@code <prefix>dispatch-batch.<provider>}, every partition, offsets kept in the group
 * {@code roocode-connector-batch-<provider>}), and writes what each batcher step produced (outcomes, fallbacks,
 * the groups' records on {@code <prefix>provider-batches}) in one transaction with the dispatch offsets the batcher
 * allows, under the transactional id {@code roocode-connector-batch-<provider>}: a crash (or kill -9) loses no job
 * and leaves no group half-recorded, and a new batcher fences the old one. On start it reloads its provider's groups
 * from the provider-batches topic (read_committed) before it reads a job.
 *
 * <p>One active batcher per provider in the cluster: a second connectors process's batcher for the same provider
 * fences the first (which stops; the runtime starts it again, fencing the other in turn), so run batch providers on
 * one connectors process, or accept that they move between processes.
 */
public final class ProviderBatcher implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderBatcher.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ProviderConfig provider;
    private final ProviderBatchApi api;
    private final ConnectorsConfig config;
    private final Clock clock;
    private final CancelledBatches cancelledBatches;
    private final String dispatchTopic;
    private final String stateTopic;
    private final String outcomesTopic;
    private final String fallbackTopic;
    private final AvroSerde<ProviderBatch> stateSerde;
    private final AvroSerde<AttemptSucceeded> outcomeSerde;
    private final AvroSerde<AttemptFailed> fallbackSerde;
    private final RecordDecoder decoder;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean crashed;
    private volatile Consumer<String, byte[]> consumerRef;
    private volatile Thread thread;

    public ProviderBatcher(
            ProviderConfig provider,
            ProviderBatchApi api,
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            Clock clock,
            CancelledBatches cancelledBatches) {
        this.provider = provider;
        this.api = api;
        this.config = config;
        this.clock = clock;
        this.cancelledBatches = cancelledBatches;
        Topics topics = config.topics();
        this.dispatchTopic = topics.batchDispatch(provider.getName()).name();
        this.stateTopic = topics.providerBatches().name();
        this.outcomesTopic = topics.outcomes().name();
        this.fallbackTopic = topics.fallback().name();
        this.stateSerde = topics.providerBatches().valueSerde(registry);
        this.outcomeSerde = topics.outcomes().valueSerde(registry);
        this.fallbackSerde = topics.fallback().valueSerde(registry);
        this.decoder = new RecordDecoder(
                provider.getName(),
                topics.batchDispatch(provider.getName()).valueSerde(registry),
                topics.dlq().name(),
                topics.dlq().valueSerde(registry),
                clock);
    }

    /** The consumer group (and transactional id) of {@code provider}'s batcher. */
    public static String groupId(String provider) {
        return "roocode-connector-batch-" + provider;
    }

    /** Starts {@link #run()} on its own thread and returns it. */
    public Thread start() {
        Thread started = new Thread(this, "roocode-batcher-" + provider.getName());
        started.setDaemon(true);
        thread = started;
        started.start();
        return started;
    }

    @Override
    public void run() {
        Producer<String, byte[]> producer = null;
        Consumer<String, byte[]> consumer = null;
        try {
            producer = KafkaClients.REAL.producer(producerProps());
            producer.initTransactions();
            consumer = KafkaClients.REAL.consumer(consumerProps());
            consumerRef = consumer;
            Batcher batcher = new Batcher(provider, api, settings(), clock, cancelledBatches::reasonToSkip);
            int restored = restore(consumer, batcher);
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            log.info(
                    "provider={} batcher reading {} ({} group(s) restored from {})",
                    provider.getName(),
                    dispatchTopic,
                    restored,
                    stateTopic);
            new Loop(batcher, consumer, producer, partitions).run();
        } catch (WakeupException e) {
            // close() or crash()
        } catch (KafkaException e) {
            if (!stopping) {
                log.error(
                        "provider={} batcher stopped on a Kafka error; what it had not committed is done again on restart",
                        provider.getName(),
                        e);
            }
        } catch (RuntimeException e) {
            log.error("provider={} batcher stopped by an unexpected error", provider.getName(), e);
        } finally {
            consumerRef = null;
            closeQuietly(consumer, producer);
            finished.countDown();
        }
    }

    /** Reads the provider-batches topic to its end and hands this provider's live groups to the batcher. */
    private int restore(Consumer<String, byte[]> consumer, Batcher batcher) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : waitForTopic(consumer, stateTopic)) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        Map<String, ProviderBatch> latest = new LinkedHashMap<>();
        if (partitions.isEmpty()) {
            return 0;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (!stopping && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    latest.remove(record.key());
                    continue;
                }
                ProviderBatch group = stateSerde.deserialize(record.topic(), record.value());
                if (group.getProvider().equals(provider.getName())) {
                    latest.put(record.key(), group);
                } else {
                    latest.remove(record.key());
                }
            }
        }
        latest.values().forEach(batcher::restore);
        consumer.unsubscribe();
        return latest.size();
    }

    private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : waitForTopic(consumer, dispatchTopic)) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
    }

    /** The partitions of {@code topic}, waiting (quietly after the first notice) until it exists. */
    private List<PartitionInfo> waitForTopic(Consumer<String, byte[]> consumer, String topic) {
        boolean told = false;
        while (!stopping) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (TimeoutException e) {
                infos = List.of(); // a missing topic (never auto-created) or a broker not answering yet: ask again
            }
            if (infos != null && !infos.isEmpty()) {
                return infos;
            }
            if (!told) {
                log.info("provider={} batcher waiting for topic {}", provider.getName(), topic);
                told = true;
            }
            sleep(Duration.ofSeconds(1));
        }
        return List.of();
    }

    private BatchSettings settings() {
        return new BatchSettings(config.batchFallbackMargin(), config.batchPollInitial(), config.batchPollMax());
    }

    /** The poll loop and its transactions. */
    private final class Loop implements BatchOutput {
        private final Batcher batcher;
        private final Consumer<String, byte[]> consumer;
        private final Producer<String, byte[]> producer;
        private final List<TopicPartition> partitions;
        private final List<ProducerRecord<String, byte[]>> step = new ArrayList<>();
        private Map<Integer, Long> committed = Map.of();

        Loop(
                Batcher batcher,
                Consumer<String, byte[]> consumer,
                Producer<String, byte[]> producer,
                List<TopicPartition> partitions) {
            this.batcher = batcher;
            this.consumer = consumer;
            this.producer = producer;
            this.partitions = partitions;
        }

        void run() {
            Map<TopicPartition, OffsetAndMetadata> start = consumer.committed(new HashSet<>(partitions));
            Map<Integer, Long> from = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = start == null ? null : start.get(tp);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, offset.offset());
                    from.put(tp.partition(), offset.offset());
                }
            }
            committed = from;
            while (!stopping && !crashed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (!read(record)) {
                        break;
                    }
                }
                batcher.expireDeadlines(this);
                batcher.flushDue(this);
                commit();
                for (String group : batcher.awaitingSubmit()) {
                    batcher.submit(group, this);
                    commit();
                }
                for (String group : batcher.duePolls()) {
                    batcher.poll(group, this);
                    commit();
                }
                batcher.removeFinished(committed, this);
                commit();
            }
        }

        /** False when the record must be read again later (the schema registry is down): the consumer was rewound. */
        private boolean read(ConsumerRecord<String, byte[]> record) {
            RecordDecoder.Decoded decoded = decoder.decode(record);
            if (decoded.registryDown()) {
                log.warn(
                        "provider={} requestId={} schema registry unavailable, reading again in 1 s: {}",
                        provider.getName(),
                        record.key(),
                        decoded.reason());
                consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                sleep(Duration.ofSeconds(1));
                return false;
            }
            if (decoded.job() == null) {
                step.add(decoder.deadLetter(record, decoded.reason()));
                return true;
            }
            int bytes = record.value() == null ? 0 : record.value().length;
            batcher.accept(record.partition(), record.offset(), bytes, decoded.job(), this);
            return true;
        }

        /** Writes the step's records and the offsets the batcher allows in one transaction; nothing when unchanged. */
        private void commit() {
            Map<Integer, Long> positions = new HashMap<>();
            for (TopicPartition tp : partitions) {
                positions.put(tp.partition(), consumer.position(tp));
            }
            Map<Integer, Long> offsets = batcher.committable(positions);
            if (step.isEmpty() && offsets.equals(committed)) {
                return;
            }
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : step) {
                producer.send(record);
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((partition, offset) ->
                    commit.put(new TopicPartition(dispatchTopic, partition), new OffsetAndMetadata(offset)));
            producer.sendOffsetsToTransaction(commit, consumer.groupMetadata());
            producer.commitTransaction();
            step.clear();
            committed = offsets;
        }

        @Override
        public void succeeded(AttemptSucceeded outcome) {
            String requestId = outcome.getDispatched().getJob().getRequestId();
            step.add(new ProducerRecord<>(outcomesTopic, requestId, outcomeSerde.serialize(outcomesTopic, outcome)));
        }

        @Override
        public void failed(AttemptFailed failure) {
            String requestId = failure.getDispatched().getJob().getRequestId();
            step.add(new ProducerRecord<>(fallbackTopic, requestId, fallbackSerde.serialize(fallbackTopic, failure)));
        }

        @Override
        public void saved(ProviderBatch group) {
            step.add(new ProducerRecord<>(stateTopic, group.getGroupId(), stateSerde.serialize(stateTopic, group)));
        }

        @Override
        public void removed(String groupId) {
            step.add(new ProducerRecord<>(stateTopic, groupId, null));
        }
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> props = KafkaClients.consumerProps(config, provider.getName(), 500);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(provider.getName()));
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        if (!config.consumerProps().containsKey(ConsumerConfig.CLIENT_ID_CONFIG)) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-batcher-" + provider.getName());
        }
        return props;
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> props = KafkaClients.producerProps(config, provider.getName());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId(provider.getName()));
        if (!config.producerProps().containsKey(ProducerConfig.CLIENT_ID_CONFIG)) {
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "roocode-batcher-" + provider.getName());
        }
        return props;
    }

    private void closeQuietly(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer) {
        Duration timeout = crashed ? Duration.ZERO : Duration.ofSeconds(5);
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(timeout));
            } catch (RuntimeException e) {
                log.debug("provider={} batcher consumer close: {}", provider.getName(), e.toString());
            }
        }
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                log.debug("provider={} batcher producer close: {}", provider.getName(), e.toString());
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /** Whether the batcher's thread ended (stopped, or died on an error: the runtime then starts a new one). */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /**
     * Stops after the current step: what it committed stays, the open groups go on at the provider and the next
     * batcher resumes them.
     */
    @Override
    public void close() {
        stopping = true;
        await();
    }

    /** Stops at once without committing anything more, as close to kill -9 as one JVM allows; for tests. */
    public void crash() {
        crashed = true;
        stopping = true;
        Consumer<String, byte[]> current = consumerRef;
        if (current != null) {
            current.wakeup();
        }
        await();
    }

    private void await() {
        if (thread == null) {
            return;
        }
        try {
            if (!finished.await(config.shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                log.warn("provider={} batcher did not stop in time", provider.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
