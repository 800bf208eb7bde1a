package dev.roocode.processor.requests;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record a processor wants written, with the topic it goes to. All processors write through one
 * sink whose topic-name extractor reads {@link #topic()}, so one sink serves dispatch topics, reply
 * topics, the DLQ and usage alike.
 *
 * @param receivedJob for a DispatchedJob of the job the intake is processing: that job's record value as it was read
 *     (Confluent-framed Avro), which the sink writes as the DispatchedJob's job field instead of encoding the job again
 *     when the schema it was written with is the current one; null otherwise
 */
public record Emit(String topic, String key, SpecificRecord value, byte[] receivedJob) {

    public Emit(String topic, String key, SpecificRecord value) {
        this(topic, key, value, null);
    }
}
