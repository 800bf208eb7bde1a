package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "broker:9093");
        settings.put("schema.registry.url", "https://registry:8081");
        settings.put("basic.auth.user.info", "reg-user:reg-secret");
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";");
        settings.put("ssl.truststore.location", "/etc/kafka/ca.p12");
        settings.put("admin.request.timeout.ms", "9000");
        return settings;
    }

    @Test
    void shouldGiveItsAdminClientTheSameSecuritySettingsAsStreams() {
        ProcessorConfig config = new ProcessorConfig(settings());

        assertThat(config.adminProperties())
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("request.timeout.ms", "9000")
                .containsKey("sasl.jaas.config")
                .doesNotContainKeys("schema.registry.url", "basic.auth.user.info", "application.id", "topic.prefix");
        assertThat(config.streamsProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .doesNotContainKeys("schema.registry.url", "basic.auth.user.info");
    }

    @Test
    void shouldPassTheRegistryBasicAuthToTheRegistryClient() {
        assertThat(new ProcessorConfig(settings()).registryProperties())
                .containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.user.info", "reg-user:reg-secret");
    }

    @Test
    void shouldRefuseToStartOnAMisspelledSecurityProtocolNamingTheKey() {
        Map<String, Object> settings = settings();
        settings.put("security.protocol", "SASL-SSL");

        assertThatThrownBy(() -> new ProcessorConfig(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.protocol");
    }

    private static Properties streams(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ProcessorConfig.BOOTSTRAP_SERVERS,
                "localhost:9092",
                ProcessorConfig.SCHEMA_REGISTRY_URL,
                "http://localhost:8081"));
        settings.putAll(extra);
        return new ProcessorConfig(settings).streamsProperties();
    }

    @Test
    void shouldGiveExactlyOnceTransactionsAMinuteSoASlowCommitOnABusyMachineIsNotFenced() {
        // Streams' own default is 10 s, which a starved 2-core machine exceeded with large jobs in a batch
        assertThat(streams(Map.of()).get("producer.transaction.timeout.ms")).isEqualTo(60_000);
    }

    @Test
    void shouldKeepATransactionTimeoutTheOperatorSet() {
        assertThat(streams(Map.of("producer.transaction.timeout.ms", "20000")).get("producer.transaction.timeout.ms"))
                .isEqualTo("20000");
        Properties unprefixed = streams(Map.of("transaction.timeout.ms", "30000"));
        assertThat(unprefixed.get("transaction.timeout.ms")).isEqualTo("30000");
        assertThat(unprefixed).doesNotContainKey("producer.transaction.timeout.ms");
    }

    @Test
    void shouldLookForNewTenantJobsTopicsEveryThirtySecondsUnlessTheOperatorSetTheRefresh() {
        // the pattern subscription of tenant jobs topics is matched again at each metadata refresh (client default 5
        // min)
        assertThat(streams(Map.of()).get("main.consumer.metadata.max.age.ms")).isEqualTo(30_000);
        assertThat(streams(Map.of("metadata.max.age.ms", "5000")))
                .doesNotContainKey("main.consumer.metadata.max.age.ms");
        assertThat(streams(Map.of("main.consumer.metadata.max.age.ms", "2000"))
                        .get("main.consumer.metadata.max.age.ms"))
                .isEqualTo("2000");
    }
}
