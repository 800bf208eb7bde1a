package dev.roocode.api.models;

import dev.roocode.client.ClientConfig;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted routes and providers topics from their beginning into a {@link ModelCatalog} and keeps
 * reading, so the list follows {@code roocode routes set} and {@code providers add} as they happen. Ready once
 * it has read what the topics held at start. An unreadable record is skipped with a warning.
 */
final class ModelsReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelsReader.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ModelCatalog catalog;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String routesTopic;
    private final AvroSerde<RoutePolicy> routeSerde;
    private final AvroSerde<ProviderConfig> providerSerde;
    private final Map<TopicPartition, Long> endAtStart;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    ModelsReader(ModelCatalog catalog, ClientConfig clientConfig, SchemaRegistryClient registry) {
        this.catalog = catalog;
        Topics topics = clientConfig.topics();
        this.routesTopic = topics.routes().name();
        this.routeSerde = topics.routes().valueSerde(registry);
        this.providerSerde = topics.providers().valueSerde(registry);
        Map<String, Object> props = new HashMap<>(ClientProperties.of(ClientConfig.CONFIG, clientConfig.originals())
                .consumer());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(routesTopic, topics.providers().name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            this.endAtStart = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        this.thread = new Thread(this::run, "roocode-api-models");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    boolean ready() {
        return caughtUp && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (!caughtUp) {
                    caughtUp =
                            endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.error("reading the routes and providers topics stopped; GET /v1/models shows what it had", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        try {
            if (record.topic().equals(routesTopic)) {
                catalog.route(
                        record.key(),
                        record.value() == null ? null : routeSerde.deserialize(record.topic(), record.value()),
                        record.timestamp());
            } else {
                catalog.provider(
                        record.key(),
                        record.value() == null ? null : providerSerde.deserialize(record.topic(), record.value()),
                        record.timestamp());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "skipping unreadable record {} at {}-{}@{}: {}",
                    record.key(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
