package dev.roocode.client;

import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls Results from a reply topic without a consumer group (nothing committed). Not thread-safe. */
public final class ResultReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerde<Result> serde;

    ResultReader(KafkaConsumer<String, byte[]> consumer, AvroSerde<Result> serde) {
        this.consumer = consumer;
        this.serde = serde;
    }

    /** The Results that arrive within {@code timeout}; undecodable records are skipped with a warning. */
    public List<Result> poll(Duration timeout) {
        List<Result> results = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                continue;
            }
            try {
                results.add(serde.deserialize(record.topic(), record.value()));
            } catch (SerializationException e) {
                log.warn(
                        "Skipping undecodable result {} at {}-{}@{}: {}",
                        record.key(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }
        return results;
    }

    /**
     * Closes the consumer without waiting: a reader has nothing to commit and no group to leave, and a graceful
     * close waits for the fetch sent ahead of the last poll, which the broker holds up to {@code fetch.max.wait.ms}
     * (500 ms: half a second between {@code roocode run}'s last Result and its summary).
     */
    @Override
    public void close() {
        consumer.close(Duration.ZERO);
    }
}
