package dev.roocode.api.auth;

import dev.roocode.api.feed.FeedThread;
import dev.roocode.schemas.avro.ApiKey;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
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
    private final TopicSpec<ApiKey> keysTopic;
    private final TopicSpec<SpendTotal> spendTopic;
    private final AvroSerde<ApiKey> keySerde;
    private final AvroSerde<SpendTotal> spendSerde;
    private final FeedThread thread;

    private KeyRingFeed(KeyRing ring, Map<String, Object> consumerProps, Topics topics, SchemaRegistryClient registry) {
        this.ring = ring;
        this.keysTopic = topics.apiKeys();
        this.spendTopic = topics.spend();
        this.keySerde = keysTopic.valueSerde(registry);
        this.spendSerde = spendTopic.valueSerde(registry);
        Map<String, Object> props = FeedThread.consumerProperties(consumerProps);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-api-key-ring");
        this.thread = new FeedThread(
                "roocode-api-key-ring",
                props,
                log,
                "the API key reader stopped; keys created or revoked from now on are not seen until a restart",
                this::follow);
    }

    /** Starts following {@code topics}' api-keys and spend topics into {@code ring}. */
    public static KeyRingFeed start(
            KeyRing ring, Map<String, Object> consumerProps, Topics topics, SchemaRegistryClient registry) {
        KeyRingFeed feed = new KeyRingFeed(ring, consumerProps, topics, registry);
        feed.thread.start();
        return feed;
    }

    private void follow(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>(partitionsOf(c, keysTopic.name(), true));
        partitions.addAll(partitionsOf(c, spendTopic.name(), false));
        if (thread.stopping()) {
            return;
        }
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        c.assign(partitions);
        c.seekToBeginning(partitions);
        boolean caughtUp = false;
        while (!thread.stopping()) {
            for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                FeedThread.applyOrSkip(log, record, this::apply);
            }
            if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                caughtUp = true;
                ring.markCaughtUp();
                log.info("API keys loaded from {}", keysTopic.name());
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(keysTopic.name())) {
            ring.onKey(
                    record.key(), record.value() == null ? null : keySerde.deserialize(record.topic(), record.value()));
        } else {
            ring.onSpend(
                    record.key(),
                    record.value() == null ? null : spendSerde.deserialize(record.topic(), record.value()));
        }
    }

    /**
     * The partitions of {@code topic}. The api-keys topic ({@code required}) is waited for, the API refusing every key
     * meanwhile; a missing spend topic only means no tenant has spent anything yet (budgets then never refuse).
     */
    private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> c, String topic, boolean required)
            throws InterruptedException {
        boolean warned = false;
        while (!thread.stopping()) {
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
        thread.close();
    }
}
