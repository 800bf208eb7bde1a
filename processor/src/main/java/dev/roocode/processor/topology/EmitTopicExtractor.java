package dev.roocode.processor.topology;

import dev.roocode.processor.requests.Emit;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/** Sends each {@link Emit} to the topic it names. */
final class EmitTopicExtractor implements TopicNameExtractor<String, Emit> {
    @Override
    public String extract(String key, Emit emit, RecordContext context) {
        return emit.topic();
    }
}
