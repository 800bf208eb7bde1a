package dev.roocode.processor.topology;

import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.serde.AvroSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the global providers store in step with the compacted providers topic (tombstone = removed). */
final class ProviderStoreUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(ProviderStoreUpdater.class);

    private final AvroSerde<ProviderConfig> serde;
    private final String topic;
    private KeyValueStore<String, ProviderConfig> providers;

    ProviderStoreUpdater(AvroSerde<ProviderConfig> serde, String topic) {
        this.serde = serde;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        providers = context.getStateStore(RoocodeTopology.PROVIDERS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            providers.delete(record.key());
            return;
        }
        try {
            providers.put(record.key(), serde.deserialize(topic, record.value()));
        } catch (SerializationException e) {
            log.warn("Ignoring undecodable provider config {}: {}", record.key(), e.getMessage());
        }
    }
}
