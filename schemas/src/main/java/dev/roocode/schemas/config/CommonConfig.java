package dev.roocode.schemas.config;

import dev.roocode.schemas.topic.Topics;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The settings every Roocode service shares (processor, connectors, client library, CLI, bench),
 * declared once here and added to each service's own {@link ConfigDef} by {@link #define}: the
 * cluster (bootstrap servers and the Kafka client security settings), the topic prefix and the
 * schema registry (URL, basic authentication and a TLS trust store). Kafka validates them when a service's config is
 * built, so a bad value stops the service at start with a one-line error naming the key.
 *
 * <p>Kafka client settings that are not declared (the other {@code sasl.*} and {@code ssl.*} keys,
 * client tuning) still pass through unchanged to every client a service makes: see
 * {@link ClientProperties}, the one place that builds producer, consumer, Streams and Admin
 * properties.
 */
public final class CommonConfig {
    public static final String BOOTSTRAP_SERVERS = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SECURITY_PROTOCOL = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
    public static final String SASL_MECHANISM = SaslConfigs.SASL_MECHANISM;
    public static final String SASL_JAAS_CONFIG = SaslConfigs.SASL_JAAS_CONFIG;
    public static final String TOPIC_PREFIX = "topic.prefix";
    /** The registry URL key, as Confluent's serdes name it. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} for the registry's HTTP basic authentication (Confluent's name). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** A trust store for the registry's TLS certificate when the JVM's default does not hold its CA (Confluent's names). */
    public static final String REGISTRY_SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

    public static final String REGISTRY_SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String REGISTRY_SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    /** Address of a service's health and metrics endpoint ({@code dev.roocode.core.service.ServiceHttp}). */
    public static final String HTTP_HOST = "http.host";

    public static final String HTTP_PORT = "http.port";
    /** Whether a service records and serves its metrics at {@code /metrics} ({@link #defineMetrics}). */
    public static final String METRICS_ENABLED = "metrics.enabled";
    /** How many tenants get a label value of their own; the others fold into {@code other}. */
    public static final String METRICS_TENANTS_MAX = "metrics.tenants.max";

    /** Declared keys that are Roocode's own and never reach a Kafka client. */
    public static final Set<String> ROOCODE_KEYS = Set.of(
            TOPIC_PREFIX,
            SCHEMA_REGISTRY_URL,
            BASIC_AUTH_USER_INFO,
            REGISTRY_SSL_TRUSTSTORE_LOCATION,
            REGISTRY_SSL_TRUSTSTORE_PASSWORD,
            REGISTRY_SSL_TRUSTSTORE_TYPE);
    /** The keys of the schema registry client. */
    public static final List<String> REGISTRY_KEYS = List.of(
            SCHEMA_REGISTRY_URL,
            BASIC_AUTH_USER_INFO,
            REGISTRY_SSL_TRUSTSTORE_LOCATION,
            REGISTRY_SSL_TRUSTSTORE_PASSWORD,
            REGISTRY_SSL_TRUSTSTORE_TYPE);
    /** Declared keys that are the Kafka clients' own and reach every client. */
    public static final Set<String> KAFKA_KEYS =
            Set.of(BOOTSTRAP_SERVERS, SECURITY_PROTOCOL, SASL_MECHANISM, SASL_JAAS_CONFIG);

    /** Whether a service cannot start without a registry URL. */
    public enum Registry {
        REQUIRED,
        OPTIONAL
    }

    private CommonConfig() {}

    /** A new {@link ConfigDef} holding the shared keys, for a service to add its own to. */
    public static ConfigDef define(Registry registry) {
        return new ConfigDef()
                .define(
                        BOOTSTRAP_SERVERS,
                        Type.LIST,
                        ConfigDef.NO_DEFAULT_VALUE,
                        new HostPorts(),
                        Importance.HIGH,
                        "Kafka brokers to connect to, host:port[,host:port...].")
                .define(
                        SECURITY_PROTOCOL,
                        Type.STRING,
                        CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL,
                        ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(SecurityProtocol.values())
                                .map(p -> p.name)
                                .toArray(String[]::new)),
                        Importance.MEDIUM,
                        "How every Kafka client of the service talks to the brokers: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL."
                                + " It and the other sasl.* and ssl.* client settings reach every producer, consumer,"
                                + " Kafka Streams and Admin client alike.")
                .define(
                        SASL_MECHANISM,
                        Type.STRING,
                        SaslConfigs.DEFAULT_SASL_MECHANISM,
                        Importance.MEDIUM,
                        "SASL mechanism of the Kafka clients when security.protocol is SASL_*, e.g. PLAIN, SCRAM-SHA-512.")
                .define(
                        SASL_JAAS_CONFIG,
                        Type.PASSWORD,
                        null,
                        Importance.MEDIUM,
                        "JAAS login of the Kafka clients when security.protocol is SASL_*; never logged.")
                .define(
                        TOPIC_PREFIX,
                        Type.STRING,
                        Topics.DEFAULT_PREFIX,
                        Importance.MEDIUM,
                        "Prefix of every Roocode topic; dispatch topics are <prefix>dispatch.<provider>.")
                .define(
                        SCHEMA_REGISTRY_URL,
                        Type.STRING,
                        registry == Registry.REQUIRED ? ConfigDef.NO_DEFAULT_VALUE : null,
                        new RegistryUrl(registry),
                        Importance.HIGH,
                        "Base URL of the Confluent-compatible schema registry (http or https; of a comma-separated list the"
                                + " first is used; user info in it is used for basic authentication)."
                                + (registry == Registry.REQUIRED
                                        ? ""
                                        : " Needed to run the service; a test may pass its registry client instead."))
                .define(
                        BASIC_AUTH_USER_INFO,
                        Type.PASSWORD,
                        null,
                        Importance.LOW,
                        "user:password for the schema registry's basic authentication; overrides user info in the URL. Never logged.")
                .define(
                        REGISTRY_SSL_TRUSTSTORE_LOCATION,
                        Type.STRING,
                        null,
                        Importance.LOW,
                        "Trust store file holding the CA of an https schema registry, when the JVM's default trust store does not.")
                .define(
                        REGISTRY_SSL_TRUSTSTORE_PASSWORD,
                        Type.PASSWORD,
                        null,
                        Importance.LOW,
                        "Password of schema.registry.ssl.truststore.location, if it has one. Never logged.")
                .define(
                        REGISTRY_SSL_TRUSTSTORE_TYPE,
                        Type.STRING,
                        "PKCS12",
                        ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
                        Importance.LOW,
                        "Format of schema.registry.ssl.truststore.location.");
    }

    /**
     * Adds the keys of a service's HTTP endpoint ({@code /health/live}, {@code /health/ready},
     * {@code /metrics}) to its definition; {@code defaultPort} is the service's own.
     */
    public static ConfigDef defineHttp(ConfigDef definition, int defaultPort) {
        return definition
                .define(
                        HTTP_HOST,
                        Type.STRING,
                        "0.0.0.0",
                        Importance.LOW,
                        "Interface the health and metrics endpoint binds; 0.0.0.0 is every interface, 127.0.0.1 this"
                                + " machine only.")
                .define(
                        HTTP_PORT,
                        Type.INT,
                        defaultPort,
                        Range.between(-1, 65535),
                        Importance.MEDIUM,
                        "Port of GET /health/live, /health/ready and /metrics; 0 picks a free port (logged at start),"
                                + " -1 serves none.");
    }

    /**
     * Adds the metrics keys ({@code metrics.enabled}, {@code metrics.tenants.max}) to a service's definition; the
     * metrics are served on the endpoint of {@link #defineHttp}.
     */
    public static ConfigDef defineMetrics(ConfigDef definition) {
        return definition
                .define(
                        METRICS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether the service records metrics and serves them in Prometheus' format at GET /metrics"
                                + " (on http.port); false records nothing and /metrics answers 404.")
                .define(
                        METRICS_TENANTS_MAX,
                        Type.INT,
                        50,
                        Range.atLeast(0),
                        Importance.LOW,
                        "How many tenants get a tenant label value of their own in the metrics (first come, first"
                                + " served); the jobs of any further tenant are counted under tenant=\"other\", so"
                                + " the number of series stays bounded.");
    }

    /** At least one broker address. */
    private record HostPorts() implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> list)
                    || list.isEmpty()
                    || list.stream().anyMatch(a -> a.toString().isBlank())) {
                throw new ConfigException(name, value, "at least one host:port is needed");
            }
        }

        @Override
        public String toString() {
            return "host:port,...";
        }
    }

    /** An absolute http(s) URL; the first of a comma-separated list is checked. */
    private record RegistryUrl(Registry registry) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null && registry == Registry.OPTIONAL) {
                return;
            }
            String first = value == null ? "" : value.toString().split(",")[0].trim();
            try {
                URI uri = URI.create(first);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return;
                }
            } catch (IllegalArgumentException e) {
                // reported below, without the value: it may hold user info
            }
            throw new ConfigException(
                    "Invalid value for configuration " + name + ": an absolute http(s) URL is needed");
        }

        @Override
        public String toString() {
            return "http(s)://host[:port][/path]";
        }
    }
}
