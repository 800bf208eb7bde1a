package dev.roocode.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Which topics a client writes jobs to and reads Results from, with and without a tenant. */
class ClientConfigTest {
    private static final Map<String, Object> CLUSTER = Map.of(
            "bootstrap.servers", "localhost:9092",
            "schema.registry.url", "http://localhost:8081",
            "topic.prefix", "acme.");

    @Test
    void shouldWriteATenantsJobsToItsJobsTopicAndReadItsRepliesTopic() {
        ClientConfig config = config("tenant", "blue");

        assertThat(config.jobsTopic()).isEqualTo("acme.tenant.blue.jobs");
        assertThat(config.replyTopic()).isEqualTo("acme.tenant.blue.replies");
        assertThat(config.producerProperties()).doesNotContainKey("tenant");
        assertThat(config.consumerProperties()).doesNotContainKey("tenant");
    }

    @Test
    void shouldUseTheSharedTopicsWithoutATenant() {
        ClientConfig config = new ClientConfig(CLUSTER);

        assertThat(config.jobsTopic()).isEqualTo("acme.jobs");
        assertThat(config.replyTopic()).isEqualTo("acme.results");
        assertThat(config.withTenant("red").jobsTopic()).isEqualTo("acme.tenant.red.jobs");
    }

    @Test
    void shouldRefuseATenantNameThatWouldLeaveItsNamespaceNamingTheKey() {
        assertThatThrownBy(() -> config("tenant", "blue.replies"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenant")
                .hasMessageContaining("blue.replies");
    }

    private static ClientConfig config(String key, String value) {
        Map<String, Object> settings = new HashMap<>(CLUSTER);
        settings.put(key, value);
        return new ClientConfig(settings);
    }
}
