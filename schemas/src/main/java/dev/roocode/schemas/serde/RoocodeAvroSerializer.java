package dev.roocode.schemas.serde;

import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serializer} for any generated Roocode record, configured the Kafka way:
 * {@code value.serializer=dev.roocode.schemas.serde.RoocodeAvroSerializer} plus
 * {@code schema.registry.url}. Writes the Confluent wire format under {@code <topic>-value}.
 */
public final class RoocodeAvroSerializer implements Serializer<SpecificRecord> {
    /** The registry URL key, as Confluent's serdes name it. */
    public static final String SCHEMA_REGISTRY_URL = CommonConfig.SCHEMA_REGISTRY_URL;

    private final Map<Class<?>, AvroSerde<SpecificRecord>> serdes = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;

    public RoocodeAvroSerializer() {}

    public RoocodeAvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = registryFrom(configs);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] serialize(String topic, SpecificRecord value) {
        if (value == null) {
            return null;
        }
        return serdes.computeIfAbsent(value.getClass(), type -> new AvroSerde<>((Class<SpecificRecord>) type, registry))
                .serialize(topic, value);
    }

    static SchemaRegistryClient registryFrom(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required for the Roocode Avro serdes");
        }
        return RestSchemaRegistryClient.forUrl(url.toString());
    }
}
