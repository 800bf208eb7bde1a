package dev.roocode.processor.topology;

import dev.roocode.processor.requests.Emit;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an {@link Emit}'s value with the Avro serde of its class, under its topic's subject; a DispatchedJob that comes
 * with its job's received bytes is written from them ({@link AvroSerde#serializeWithFirstField}), which leaves out
 * encoding the whole Job again on every dispatch. Write-only.
 */
final class EmitSerde implements Serde<Emit> {
    private final SchemaRegistryClient registry;
    private final Map<Class<?>, AvroSerde<SpecificRecord>> serdes = new ConcurrentHashMap<>();

    EmitSerde(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public Serializer<Emit> serializer() {
        return (topic, emit) -> {
            if (emit == null) {
                return null;
            }
            AvroSerde<SpecificRecord> serde = serdeFor(emit.value());
            return emit.receivedJob() == null
                    ? serde.serialize(topic, emit.value())
                    : serde.serializeWithFirstField(topic, emit.value(), emit.receivedJob());
        };
    }

    @Override
    public Deserializer<Emit> deserializer() {
        return (topic, data) -> {
            throw new UnsupportedOperationException("Emit is written, never read");
        };
    }

    @SuppressWarnings("unchecked")
    private AvroSerde<SpecificRecord> serdeFor(SpecificRecord value) {
        return serdes.computeIfAbsent(
                value.getClass(), type -> new AvroSerde<>((Class<SpecificRecord>) type, registry));
    }
}
