package dev.roocode.client;

import dev.roocode.schemas.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Client settings; any undeclared key (security.protocol, sasl.*, ssl.*) passes through to the Kafka clients. */
public final class ClientConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PREFIX = "topic.prefix";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Kafka brokers, host:port,...")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Confluent-compatible schema registry URL.")
            .define(TOPIC_PREFIX, Type.STRING, Topics.DEFAULT_PREFIX, Importance.MEDIUM, "Prefix of every Roocode topic.");

    public ClientConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    public Topics topics() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** Kafka client properties: bootstrap servers plus every undeclared key. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> props = new HashMap<>();
        originals().forEach((key, value) -> {
            if (!CONFIG.names().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(BOOTSTRAP_SERVERS, String.join(",", getList(BOOTSTRAP_SERVERS)));
        return props;
    }
}
