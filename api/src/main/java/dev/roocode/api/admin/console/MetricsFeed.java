package dev.roocode.api.admin.console;

import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the provider-health and spend topics into a {@link MetricsHistory}: one thread, no consumer group, both
 * topics read from their beginning (they are compacted: the latest report per provider, the total per scope) and then
 * followed, read_committed (spend is written in the processor's transactions). Every few seconds it asks the broker
 * for the topics' end offsets, which tells the history whether the cluster is reachable. A record that cannot be
 * decoded is skipped with a warning naming its offset.
 */
public final class MetricsFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsFeed.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final MetricsHistory history;
    private final Map<String, Object> consumerProps;
    private final TopicSpec<ProviderState> healthTopic;
    private final TopicSpec<SpendTotal> spendTopic;
    private final AvroSerde<ProviderState> healthSerde;
    private final AvroSerde<SpendTotal> spendSerde;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean stopping;
    private boolean deniedWarned;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private MetricsFeed(
            MetricsHistory history,
            Map<String, Object> consumerProps,
            Topics topics,
            SchemaRegistryClient registry,
            Clock clock) {
        this.history = history;
        this.consumerProps = consumerProps;
        this.healthTopic = topics.providerHealth();
        this.spendTopic = topics.spend();
        this.healthSerde = healthTopic.valueSerde(registry);
        this.spendSerde = spendTopic.valueSerde(registry);
        this.clock = clock;
        this.thread = new Thread(this::run, "roocode-api-console-metrics");
        this.thread.setDaemon(true);
    }

    /** Starts following {@code topics}' provider-health and spend topics into {@code history}. */
    public static MetricsFeed start(
            MetricsHistory history,
            Map<String, Object> consumerProps,
            Topics topics,
            SchemaRegistryClient registry,
            Clock clock) {
        MetricsFeed feed = new MetricsFeed(history, consumerProps, topics, registry, clock);
        history.started(clock.millis());
        feed.thread.start();
        return feed;
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-api-console-metrics");
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = List.of();
            long nextCheck = 0;
            while (!stopping) {
                long now = clock.millis();
                if (partitions.isEmpty()) {
                    partitions = partitions(c);
                    if (partitions.isEmpty()) {
                        for (long slept = 0; slept < CHECK_EVERY.toMillis() && !stopping; slept += 100) {
                            Thread.sleep(100); // in steps, so that close() does not wait out the pause
                        }
                        continue;
                    }
                    c.assign(partitions);
                    c.seekToBeginning(partitions);
                }
                if (now >= nextCheck) {
                    nextCheck = now + CHECK_EVERY.toMillis();
                    try {
                        c.endOffsets(partitions, Duration.ofSeconds(3));
                        history.contact(clock.millis());
                    } catch (org.apache.kafka.common.errors.TimeoutException e) {
                        // the history's contact grows old: the console says it shows what was last read
                    }
                }
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("the console's metrics reader stopped; its charts stay as they are until a restart", e);
        } finally {
            consumer = null;
        }
    }

    /** Both topics' partitions, or none while either cannot be listed (missing, or the broker unreachable). */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : List.of(healthTopic.name(), spendTopic.name())) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, Duration.ofSeconds(3));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                return List.of();
            } catch (org.apache.kafka.common.errors.AuthorizationException e) {
                // the broker answered: this service may not read the topic (the admin role's ACLs, docs/console.md)
                if (!deniedWarned) {
                    log.warn("the console's charts cannot read {}: {}", topic, e.getMessage());
                    deniedWarned = true;
                }
                history.contact(clock.millis());
                return List.of();
            }
            if (infos == null || infos.isEmpty()) {
                history.contact(clock.millis()); // the broker answered: the topic is missing ('roocode init')
                return List.of();
            }
            infos.forEach(p -> out.add(new TopicPartition(topic, p.partition())));
        }
        history.contact(clock.millis());
        return out;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(healthTopic.name())) {
                if (record.value() != null) {
                    history.onHealth(healthSerde.deserialize(record.topic(), record.value()));
                }
            } else {
                history.onSpend(
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
