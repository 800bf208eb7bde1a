package dev.roocode.api.auth;

import dev.roocode.schemas.avro.ApiKey;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link KeyRing} current: one thread reads the compacted api-keys topic and the spend topic from their
 * beginning (no consumer group, so every roocode-api instance holds every key) and then follows them, so that a
 * created or revoked key counts within a poll (well under a second). When both topics have been read to the end
 * they had at start the ring is marked caught up and the service becomes ready. A record that cannot be decoded is
 * skipped with a warning naming its offset, never its content.
 */
public final class KeyRingFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyRingFeed.class);

    private final KeyRing ring;
    private final Map<String, Object> consumerProps;
    private final TopicSpec<ApiKey> keysTopic;
    private final TopicSpec<SpendTotal> spendTopic;
    private final AvroSerde<ApiKey> keySerde;
    private final AvroSerde<SpendTotal> spendSerde;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private KeyRingFeed(KeyRing ring, Map<String, Object> consumerProps, Topics topics, SchemaRegistryClient registry) {
        this.ring = ring;
        this.consumerProps = consumerProps;
        this.keysTopic = topics.apiKeys();
        this.spendTopic = topics.spend();
        this.keySerde = keysTopic.valueSerde(registry);
        this.spendSerde = spendTopic.valueSerde(registry);
        this.thread = new Thread(this::run, "roocode-api-key-ring");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topics}' api-keys and spend topics into {@code ring}. */
    public static KeyRingFeed start(
            KeyRing ring, Map<String, Object> consumerProps, Topics topics, SchemaRegistryClient registry) {
        KeyRingFeed feed = new KeyRingFeed(ring, consumerProps, topics, registry);
        feed.thread.start();
        return feed;
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the spend topic is written in the processor's transactions
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // asking for a missing topic must not create it uncompacted on a broker that auto-creates
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-api-key-ring");
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (stopping) {
                return;
            }
            List<TopicPartition> partitions = new ArrayList<>(partitionsOf(c, keysTopic.name(), true));
            partitions.addAll(partitionsOf(c, spendTopic.name(), false));
            if (stopping) {
                return;
            }
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            boolean caughtUp = false;
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    ring.markCaughtUp();
                    log.info("API keys loaded from {}", keysTopic.name());
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error(
                    "the API key reader stopped; keys created or revoked from now on are not seen until a restart", e);
        } finally {
            consumer = null;
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(keysTopic.name())) {
                ring.onKey(
                        record.key(),
                        record.value() == null ? null : keySerde.deserialize(record.topic(), record.value()));
            } else {
                ring.onSpend(
                        record.key(),
                        record.value() == null ? null : spendSerde.deserialize(record.topic(), record.value()));
            }
        } catch (KafkaException | IllegalArgumentException e) {
            log.warn(
                    "skipping an unreadable record of {} partition {} offset {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * The partitions of {@code topic}. The api-keys topic ({@code required}) is waited for, the API refusing every key
     * meanwhile; a missing spend topic only means no tenant has spent anything yet (budgets then never refuse).
     */
    private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> c, String topic, boolean required)
            throws InterruptedException {
        boolean warned = false;
        while (!stopping) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (TimeoutException e) {
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
            }
            if (!required) {
                log.warn("topic {} is missing: key budgets cannot be checked; run 'roocode init'", topic);
                return List.of();
            }
            if (!warned) {
                log.warn("waiting for topic {} (run 'roocode init'); no API key is accepted until it exists", topic);
                warned = true;
            }
            Thread.sleep(1000);
        }
        return List.of();
    }

    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
