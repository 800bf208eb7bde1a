package dev.roocode.schemas.topic;

import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic: its full name, the Avro type of its values (keys are always UTF-8 strings), and how
 * it is created. Co-partitioned topics share {@link Topics#partitions()}.
 */
public record TopicSpec<V extends SpecificRecord>(
        String name, Class<V> valueType, String cleanupPolicy, boolean coPartitioned) {

    /** A value serde for this topic's records, using {@code registry} for schema ids. */
    public AvroSerde<V> valueSerde(SchemaRegistryClient registry) {
        return new AvroSerde<>(valueType, registry);
    }

    /** The creation request with {@code partitions} and {@code replication}. */
    public NewTopic newTopic(int partitions, short replication) {
        return new NewTopic(name, partitions, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy));
    }
}
