package dev.roocode.processor.topology;

import dev.roocode.processor.requests.StoreVersions;
import dev.roocode.schemas.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store in step with its compacted topic (tombstone = removed). Values arrive as
 * bytes so an undecodable record is logged and skipped instead of stopping the global thread.
 */
final class GlobalStoreUpdater<V extends SpecificRecord> implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(GlobalStoreUpdater.class);

    private final String storeName;
    private final AvroSerde<V> serde;
    private final String topic;
    /** Told of every change, so that readers' decoded copies of the store are refreshed. */
    private final StoreVersions versions;

    private KeyValueStore<String, V> store;

    GlobalStoreUpdater(String storeName, AvroSerde<V> serde, String topic, StoreVersions versions) {
        this.storeName = storeName;
        this.serde = serde;
        this.topic = topic;
        this.versions = versions;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            versions.changed(storeName);
            return;
        }
        try {
            store.put(record.key(), serde.deserialize(topic, record.value()));
            versions.changed(storeName);
        } catch (SerializationException e) {
            log.warn("Ignoring undecodable record {} on {}: {}", record.key(), topic, e.getMessage());
        }
    }
}
