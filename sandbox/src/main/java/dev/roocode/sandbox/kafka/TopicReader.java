package dev.roocode.sandbox.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a topic holds, for tests: a consumer without a group is assigned every partition of the topic, seeks to their
 * beginning and reads {@code read_committed} (an aborted or open transaction's records are not seen), each record
 * turned into a {@code T} by {@code decode}. Past {@code timeout} it throws an {@link AssertionError} naming what it
 * had read.
 */
public final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(100);

    private TopicReader() {}

    /**
     * The records of {@code topic} up to its last stable offset as it is when the read starts.
     *
     * @param clientProperties how to reach the broker (bootstrap servers, security); the isolation level is set here
     */
    public static <T> List<T> readToEnd(
            Map<String, Object> clientProperties,
            String topic,
            Function<ConsumerRecord<String, byte[]>, T> decode,
            Duration timeout) {
        return read(clientProperties, topic, decode, timeout, null);
    }

    /** The records of {@code topic} from its beginning until {@code done} holds for those read so far. */
    public static <T> List<T> readUntil(
            Map<String, Object> clientProperties,
            String topic,
            Function<ConsumerRecord<String, byte[]>, T> decode,
            Predicate<List<T>> done,
            Duration timeout) {
        return read(clientProperties, topic, decode, timeout, done);
    }

    /** Reads until {@code done} holds, or (when null) to the end offsets at the start. */
    private static <T> List<T> read(
            Map<String, Object> clientProperties,
            String topic,
            Function<ConsumerRecord<String, byte[]>, T> decode,
            Duration timeout,
            Predicate<List<T>> done) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = done == null ? consumer.endOffsets(partitions) : Map.of();
            long until = System.nanoTime() + timeout.toNanos();
            while (done == null
                    ? partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    : !done.test(seen)) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("after " + timeout.toSeconds() + "s only " + seen
                            + (done == null ? " of " + end : "") + " on " + topic);
                }
                consumer.poll(POLL).forEach(r -> seen.add(decode.apply(r)));
            }
        }
        return seen;
    }
}
