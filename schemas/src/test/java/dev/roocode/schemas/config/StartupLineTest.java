package dev.roocode.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class StartupLineTest {
    private static final ConfigDef DEFINITION =
            CommonConfig.defineHttp(CommonConfig.define(CommonConfig.Registry.REQUIRED), 7071);

    @Test
    void shouldShowEffectiveSettingsButNeverASecret() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "broker-1:9092,broker-2:9092");
        settings.put("schema.registry.url", "https://alice:url-secret@registry:8081");
        settings.put("basic.auth.user.info", "alice:user-info-secret");
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"p\" password=\"jaas-secret\";");
        settings.put("ssl.truststore.password", "truststore-secret");
        settings.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY----- key-secret");
        settings.put("consumer.ssl.key.password", "key-password-secret");
        settings.put("sasl.oauthbearer.client.credentials.client.secret", "oauth-secret");
        settings.put("schema.registry.ssl.truststore.password", "registry-truststore-secret");
        settings.put("linger.ms", "5");
        AbstractConfig config = new AbstractConfig(DEFINITION, settings, false);

        String line = StartupLine.of(
                "roocode-processor",
                "1.2.3",
                Path.of("/etc/roocode/processor.properties"),
                List.of("ROOCODE_SASL_JAAS_CONFIG→sasl.jaas.config"),
                config.values(),
                settings,
                "http://0.0.0.0:7071");

        assertThat(line)
                .startsWith("roocode-processor 1.2.3 starting; config: /etc/roocode/processor.properties overridden by"
                        + " ROOCODE_SASL_JAAS_CONFIG→sasl.jaas.config; settings: {")
                .contains("bootstrap.servers=broker-1:9092,broker-2:9092")
                .contains("schema.registry.url=https://[hidden]@registry:8081")
                .contains("security.protocol=SASL_SSL")
                .contains("linger.ms=5")
                .contains("http.port=7071")
                .contains("topic.prefix=roocode.")
                .endsWith("; http: http://0.0.0.0:7071")
                .doesNotContain("-secret")
                .doesNotContain("alice")
                .doesNotContain("PRIVATE KEY")
                .doesNotContain("\n");
    }

    @Test
    void shouldFindOnlyKeysThatNoClientKnows() {
        Map<String, Object> settings = Map.of(
                "bootstrap.servers", "b:9092",
                "ssl.truststore.location", "/t.p12",
                "consumer.max.poll.records", "100",
                "producer.linger.ms", "5",
                "admin.request.timeout.ms", "1000",
                "main.consumer.fetch.min.bytes", "1",
                "boostrap.servers", "typo:9092",
                "consumer.max.pol.records", "100",
                "http.prot", "80");

        assertThat(StartupLine.unknownKeys(settings, DEFINITION, Set.of(), List.of("main.consumer.")))
                .containsExactly("boostrap.servers", "consumer.max.pol.records", "http.prot");
    }
}
