package dev.roocode.sandbox.registry;

import dev.roocode.schemas.topic.TopicAdmin;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: a one-partition compacted topic written synchronously (a
 * registration answers only once its record is acknowledged by the broker) and read to its end on
 * start. One registry writes the topic at a time.
 */
final class SchemaLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The replaying consumer's fetch wait (the client's default is 500 ms). */
    static final int REPLAY_FETCH_MAX_WAIT_MS = 50;

    private final String topic;
    private final Map<String, Object> clientConfig;
    private KafkaProducer<byte[], byte[]> producer;

    SchemaLog(String bootstrapServers, String topic, Map<String, Object> extraClientConfig) {
        this.topic = topic;
        this.clientConfig = new HashMap<>(extraClientConfig);
        this.clientConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** Creates the topic if needed and replays every record into {@code sink}; returns how many were read. */
    int replayInto(Consumer<LogEntry> sink) {
        try (Admin admin = Admin.create(clientConfig)) {
            NewTopic newTopic = new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            TopicAdmin.createAndAwait(admin, List.of(newTopic), TIMEOUT);
        }
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // the fetch the consumer sends ahead after the last records is held by the broker for fetch.max.wait.ms,
        // and close() waits for it: half a second of every start with the client's 500 ms
        consumerConfig.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, REPLAY_FETCH_MAX_WAIT_MS);
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end offset " + end + " within "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        LogEntry entry = LogCodec.decode(record.key(), record.value());
                        if (entry != null) {
                            sink.accept(entry);
                            count++;
                        }
                    } catch (IOException | RuntimeException e) {
                        log.warn(
                                "skipping unreadable record at {}-{}@{}: {}",
                                topic,
                                record.partition(),
                                record.offset(),
                                e.toString());
                    }
                }
            }
        }
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT.toMillis());
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        return count;
    }

    /** Writes {@code entry} and waits for the broker's acknowledgement; throws {@link RegistryError} 50001 otherwise. */
    void append(LogEntry entry) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, LogCodec.key(entry), LogCodec.value(entry)))
                    .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.storeFailed("interrupted while writing to " + topic);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw RegistryError.storeFailed("cannot write to " + topic + ": " + cause);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
