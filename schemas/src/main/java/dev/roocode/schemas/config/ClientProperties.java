package dev.roocode.schemas.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The one way a Roocode service turns its settings into Kafka client properties, so a security
 * setting given once reaches every client it makes: producers, consumers, Kafka Streams and Admin.
 *
 * <p>Every setting passes through except the service's own declared keys (those of its
 * {@link ConfigDef} that are not {@link CommonConfig#KAFKA_KEYS}). {@code producer.*},
 * {@code consumer.*} and {@code admin.*} keys go to that kind of client only, without the prefix
 * (Kafka Streams gets them as they are: it reads the same prefixes itself).
 */
public final class ClientProperties {
    public static final String PRODUCER_PREFIX = "producer.";
    public static final String CONSUMER_PREFIX = "consumer.";
    public static final String ADMIN_PREFIX = "admin.";
    private static final List<String> CLIENT_PREFIXES = List.of(PRODUCER_PREFIX, CONSUMER_PREFIX, ADMIN_PREFIX);

    private final Map<String, Object> passThrough;

    private ClientProperties(Map<String, Object> passThrough) {
        this.passThrough = passThrough;
    }

    /** The properties of a service whose settings are {@code settings}, declared by {@code definition}. */
    public static ClientProperties of(ConfigDef definition, Map<String, ?> settings) {
        Set<String> own = definition.names();
        Map<String, Object> props = new HashMap<>();
        settings.forEach((key, value) -> {
            if (value != null
                    && (!own.contains(key) || CommonConfig.KAFKA_KEYS.contains(key))
                    && !CommonConfig.ROOCODE_KEYS.contains(key)) {
                props.put(key, plain(value));
            }
        });
        return new ClientProperties(props);
    }

    /** Properties for Kafka Streams: every pass-through key, client prefixes included. */
    public Map<String, Object> streams() {
        return new HashMap<>(passThrough);
    }

    public Map<String, Object> producer() {
        return forClient(PRODUCER_PREFIX);
    }

    public Map<String, Object> consumer() {
        return forClient(CONSUMER_PREFIX);
    }

    public Map<String, Object> admin() {
        return forClient(ADMIN_PREFIX);
    }

    private Map<String, Object> forClient(String prefix) {
        Map<String, Object> props = new HashMap<>();
        passThrough.forEach((key, value) -> {
            if (CLIENT_PREFIXES.stream().noneMatch(key::startsWith)) {
                props.put(key, value);
            }
        });
        passThrough.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                props.put(key.substring(prefix.length()), value);
            }
        });
        return props;
    }

    /** Kafka clients take lists as comma-separated strings and passwords as their text. */
    private static Object plain(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Password password) {
            return password.value();
        }
        return value;
    }

    /** Settings of the schema registry client ({@code RestSchemaRegistryClient.fromConfig}): URL, basic auth, trust store. */
    public static Map<String, Object> registry(Map<String, ?> settings) {
        Map<String, Object> props = new HashMap<>();
        for (String key : CommonConfig.REGISTRY_KEYS) {
            Object value = settings.get(key);
            if (value != null && !plain(value).toString().isBlank()) {
                props.put(key, plain(value));
            }
        }
        return props;
    }
}
