package dev.roocode.api.admin.console;

import dev.roocode.api.feed.FeedThread;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
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
    private final TopicSpec<ProviderState> healthTopic;
    private final TopicSpec<SpendTotal> spendTopic;
    private final AvroSerde<ProviderState> healthSerde;
    private final AvroSerde<SpendTotal> spendSerde;
    private final Clock clock;
    private final FeedThread thread;
    private boolean deniedWarned;

    private MetricsFeed(
            MetricsHistory history,
            Map<String, Object> consumerProps,
            Topics topics,
            SchemaRegistryClient registry,
            Clock clock) {
        this.history = history;
        this.healthTopic = topics.providerHealth();
        this.spendTopic = topics.spend();
        this.healthSerde = healthTopic.valueSerde(registry);
        this.spendSerde = spendTopic.valueSerde(registry);
        this.clock = clock;
        Map<String, Object> props = FeedThread.consumerProperties(consumerProps);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-api-console-metrics");
        this.thread = new FeedThread(
                "roocode-api-console-metrics",
                props,
                log,
                "the console's metrics reader stopped; its charts stay as they are until a restart",
                this::follow);
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

    private void follow(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        List<TopicPartition> partitions = List.of();
        long nextCheck = 0;
        while (!thread.stopping()) {
            long now = clock.millis();
            if (partitions.isEmpty()) {
                partitions = partitions(c);
                if (partitions.isEmpty()) {
                    for (long slept = 0; slept < CHECK_EVERY.toMillis() && !thread.stopping(); slept += 100) {
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
                FeedThread.applyOrSkip(log, record, this::apply);
            }
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
        if (record.topic().equals(healthTopic.name())) {
            if (record.value() != null) {
                history.onHealth(healthSerde.deserialize(record.topic(), record.value()));
            }
        } else {
            history.onSpend(
                    record.key(),
                    record.value() == null ? null : spendSerde.deserialize(record.topic(), record.value()));
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
