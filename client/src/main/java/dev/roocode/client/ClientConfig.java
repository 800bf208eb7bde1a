package dev.roocode.client;

import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Client settings: the keys every Roocode service shares ({@link CommonConfig}); any undeclared key
 * (ssl.*, client tuning) passes through to the Kafka clients ({@link ClientProperties}).
 */
public final class ClientConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = CommonConfig.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = CommonConfig.SCHEMA_REGISTRY_URL;
    public static final String TOPIC_PREFIX = CommonConfig.TOPIC_PREFIX;

    public static final String TENANT = "tenant";

    public static final ConfigDef CONFIG = CommonConfig.define(CommonConfig.Registry.REQUIRED)
            .define(
                    TENANT,
                    Type.STRING,
                    null,
                    new TenantName(),
                    Importance.MEDIUM,
                    "The tenant this client submits for: jobs go to <prefix>tenant.<tenant>.jobs, which the processor "
                            + "reads as that tenant's, and Results are read from <prefix>tenant.<tenant>.replies "
                            + "(docs/tenants.md). Unset: the shared jobs and results topics.");

    public ClientConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    public Topics topics() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** This configuration for {@code tenant} (null: the shared topics). */
    public ClientConfig withTenant(String tenant) {
        Map<Object, Object> settings = new HashMap<>(originals());
        settings.put(TENANT, tenant);
        return new ClientConfig(settings);
    }

    /** The tenant this client submits for, or null (the shared topics). */
    public String tenant() {
        return getString(TENANT);
    }

    /** Where this client writes jobs: its tenant's jobs topic, else the shared one. */
    public String jobsTopic() {
        String tenant = tenant();
        return tenant == null
                ? topics().jobs().name()
                : topics().tenantJobs(tenant).name();
    }

    /** Where the Results of this client's jobs that name no reply topic go: its tenant's replies topic, else results. */
    public String replyTopic() {
        String tenant = tenant();
        return tenant == null
                ? topics().results().name()
                : topics().tenantReplies(tenant).name();
    }

    /** A tenant name: part of topic names and ACL prefixes, so it cannot hold a dot. */
    private static final class TenantName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !Topics.TENANT_NAME.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "a tenant name is 1 to 64 letters, digits, _ or -");
            }
        }

        @Override
        public String toString() {
            return "1 to 64 of a-z A-Z 0-9 _ -";
        }
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
