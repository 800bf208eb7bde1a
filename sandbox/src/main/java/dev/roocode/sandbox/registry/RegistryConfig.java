package dev.roocode.sandbox.registry;

import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the standalone schema registry ({@link RegistryMain}, {@code bin/roocode-registry}):
 * the cluster keys every service shares (bootstrap servers, Kafka client security) from
 * {@link CommonConfig}, without the ones that point at a registry (it is the registry) or the
 * topic prefix (its topic is named whole, as Confluent's {@code kafkastore.topic}), plus where it
 * listens and the health endpoint ({@link CommonConfig#defineHttp}). Any other key passes through
 * to its Kafka clients ({@link ClientProperties}).
 */
public final class RegistryConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = CommonConfig.BOOTSTRAP_SERVERS;
    public static final String REGISTRY_HOST = "registry.host";
    public static final String REGISTRY_PORT = "registry.port";
    public static final String REGISTRY_TOPIC = "registry.topic";
    /** Confluent Schema Registry's port, so clients configured for one find the other. */
    public static final int DEFAULT_PORT = 8081;
    /** The port of {@code /health/live} and {@code /health/ready}. */
    public static final int DEFAULT_HTTP_PORT = 8082;

    public static final ConfigDef CONFIG = CommonConfig.defineHttp(
            shared().define(
                            REGISTRY_HOST,
                            Type.STRING,
                            "0.0.0.0",
                            Importance.MEDIUM,
                            "Interface the registry's REST API binds; 0.0.0.0 is every interface, 127.0.0.1 this machine only.")
                    .define(
                            REGISTRY_PORT,
                            Type.INT,
                            DEFAULT_PORT,
                            Range.between(0, 65535),
                            Importance.HIGH,
                            "Port of the Confluent-compatible REST API (the services' schema.registry.url); 0 picks a"
                                    + " free port (logged at start).")
                    .define(
                            REGISTRY_TOPIC,
                            Type.STRING,
                            EmbeddedSchemaRegistry.DEFAULT_TOPIC,
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            "Compacted one-partition topic holding the registry's state (created if missing); one"
                                    + " registry writes it at a time."),
            DEFAULT_HTTP_PORT);

    public RegistryConfig(Map<String, ?> settings) {
        super(CONFIG, settings, false);
    }

    /** Kafka client properties for the registry's admin, consumer and producer (security settings included). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = ClientProperties.of(CONFIG, originals()).admin();
        props.remove(CommonConfig.BOOTSTRAP_SERVERS);
        return props;
    }

    /** The shared keys that make sense for a registry: cluster and client security. */
    private static ConfigDef shared() {
        ConfigDef common = CommonConfig.define(CommonConfig.Registry.OPTIONAL);
        ConfigDef own = new ConfigDef();
        common.configKeys().values().stream()
                .filter(key ->
                        !CommonConfig.REGISTRY_KEYS.contains(key.name) && !key.name.equals(CommonConfig.TOPIC_PREFIX))
                .forEach(own::define);
        return own;
    }
}
