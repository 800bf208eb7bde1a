package dev.roocode.processor.requests;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record a processor wants written, with the topic it goes to. All processors write through one
 * sink whose topic-name extractor reads {@link #topic()}, so one sink serves dispatch topics, reply
 * topics, the DLQ and usage alike.
 */
public record Emit(String topic, String key, SpecificRecord value) {}
