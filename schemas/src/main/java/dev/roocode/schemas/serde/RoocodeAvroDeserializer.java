package dev.roocode.schemas.serde;

import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A Kafka {@link Deserializer} for any generated Roocode record, configured the Kafka way
 * ({@code value.deserializer} plus {@code schema.registry.url}): the writer schema's full name picks
 * the generated class, so one deserializer reads every Roocode topic.
 */
public final class RoocodeAvroDeserializer implements Deserializer<SpecificRecord> {
    private final Map<Integer, AvroSerde<SpecificRecord>> serdeBySchemaId = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;

    public RoocodeAvroDeserializer() {}

    public RoocodeAvroDeserializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = RoocodeAvroSerializer.registryFrom(configs);
        }
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5 || data[0] != 0) {
            throw new SerializationException("not Confluent-framed Avro (" + data.length + " bytes)");
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        return serdeBySchemaId.computeIfAbsent(id, this::serdeFor).deserialize(topic, data);
    }

    @SuppressWarnings("unchecked")
    private AvroSerde<SpecificRecord> serdeFor(int schemaId) {
        Schema writer;
        try {
            writer = registry.getById(schemaId);
        } catch (RuntimeException e) {
            throw new SerializationException("unknown schema id " + schemaId + ": " + e.getMessage(), e);
        }
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException(
                    "schema id " + schemaId + " (" + writer.getFullName() + ") is not a Roocode record");
        }
        return new AvroSerde<>((Class<SpecificRecord>) type, registry);
    }
}
