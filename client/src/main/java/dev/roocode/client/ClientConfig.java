package dev.roocode.client;

import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.topic.Topics;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Client settings: the keys every Roocode service shares ({@link CommonConfig}); any undeclared key
 * (ssl.*, client tuning) passes through to the Kafka clients ({@link ClientProperties}).
 */
public final class ClientConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = CommonConfig.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = CommonConfig.SCHEMA_REGISTRY_URL;
    public static final String TOPIC_PREFIX = CommonConfig.TOPIC_PREFIX;

    public static final ConfigDef CONFIG = CommonConfig.define(CommonConfig.Registry.REQUIRED);

    public ClientConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    public Topics topics() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** Producer properties: bootstrap servers, security settings, every undeclared key and {@code producer.*} overrides. */
    public Map<String, Object> producerProperties() {
        return ClientProperties.of(CONFIG, originals()).producer();
    }

    /** Consumer properties: bootstrap servers, security settings, every undeclared key and {@code consumer.*} overrides. */
    public Map<String, Object> consumerProperties() {
        return ClientProperties.of(CONFIG, originals()).consumer();
    }

    /** The schema registry client's settings: URL and basic auth. */
    public Map<String, Object> registryProperties() {
        return ClientProperties.registry(values());
    }
}
