package dev.roocode.connectors.worker;

import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.registry.SchemaRegistryException;
import dev.roocode.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a dispatch record into a job, tells a schema-registry outage (read the record again later)
 * from a bad record (dead-letter it), and builds the dead letter of a bad one.
 */
final class RecordDecoder {
    private static final Logger log = LoggerFactory.getLogger(RecordDecoder.class);

    private final String provider;
    private final AvroSerde<DispatchedJob> dispatchSerde;
    private final String dlqTopic;
    private final AvroSerde<DeadLetter> dlqSerde;
    private final Clock clock;

    /** A decoded job, or why the record cannot be one; {@code registryDown} when decoding could not be tried. */
    record Decoded(DispatchedJob job, String reason, boolean registryDown) {}

    RecordDecoder(
            String provider,
            AvroSerde<DispatchedJob> dispatchSerde,
            String dlqTopic,
            AvroSerde<DeadLetter> dlqSerde,
            Clock clock) {
        this.provider = provider;
        this.dispatchSerde = dispatchSerde;
        this.dlqTopic = dlqTopic;
        this.dlqSerde = dlqSerde;
        this.clock = clock;
    }

    Decoded decode(ConsumerRecord<String, byte[]> record) {
        try {
            DispatchedJob job = dispatchSerde.deserialize(record.topic(), record.value());
            return job == null ? new Decoded(null, "null value", false) : new Decoded(job, null, false);
        } catch (SerializationException e) {
            return new Decoded(null, e.getMessage() == null ? "undecodable" : e.getMessage(), isRegistryOutage(e));
        }
    }

    /** Unreachable registry (-1) or a server-side error (5xx, 5xxxx), as opposed to an unknown id or a bad record. */
    private static boolean isRegistryOutage(SerializationException e) {
        if (!(e.getCause() instanceof SchemaRegistryException registry)) {
            return false;
        }
        int code = registry.errorCode();
        return code == -1 || code / 100 == 5 || code / 10_000 == 5;
    }

    /** The dead letter of an undecodable {@code record}, for the dlq topic: INVALID_JOB with {@code reason} and the raw bytes. */
    ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        log.warn(
                "provider={} requestId={} undecodable record at {}-{}@{} sent to dlq: {}",
                provider,
                record.key(),
                record.topic(),
                record.partition(),
                record.offset(),
                reason);
        DeadLetter letter = DeadLetter.newBuilder()
                .setRequestId(record.key())
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(
                        record.key() == null
                                ? null
                                : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setErrorClass(ErrorClass.INVALID_JOB)
                .setReason(reason)
                .setFailedAt(clock.instant())
                .build();
        return new ProducerRecord<>(dlqTopic, record.key(), dlqSerde.serialize(dlqTopic, letter));
    }
}
