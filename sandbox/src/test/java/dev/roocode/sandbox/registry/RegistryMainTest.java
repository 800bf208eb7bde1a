package dev.roocode.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryMainTest {

    @Test
    void shouldNameAMissingConfigFileInOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("registry.properties");

        assertThatThrownBy(() -> RegistryMain.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no such config file: " + missing);
    }

    @Test
    void shouldLetEnvironmentOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("registry.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nregistry.port=18081\n");

        RegistryConfig config = RegistryMain.load(file, Map.of("ROOCODE_BOOTSTRAP_SERVERS", "env:9092"));

        assertThat(config.getList(RegistryConfig.BOOTSTRAP_SERVERS)).containsExactly("env:9092");
        assertThat(config.getInt(RegistryConfig.REGISTRY_PORT)).isEqualTo(18081);
        assertThat(config.getString(RegistryConfig.REGISTRY_TOPIC)).isEqualTo("_schemas");
    }

    @Test
    void shouldRejectAnOutOfRangePortNamingTheKey() {
        assertThatThrownBy(() -> RegistryMain.load(
                        null, Map.of("ROOCODE_BOOTSTRAP_SERVERS", "k:9092", "ROOCODE_REGISTRY_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry.port");
    }

    @Test
    void shouldLogSettingsWithoutSecretsInTheStartLine() {
        RegistryConfig config = RegistryMain.load(
                null,
                Map.of(
                        "ROOCODE_BOOTSTRAP_SERVERS", "k:9092",
                        "ROOCODE_SECURITY_PROTOCOL", "SASL_SSL",
                        "ROOCODE_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"s3cret\";",
                        "ROOCODE_SSL_TRUSTSTORE_PASSWORD", "tr0st"));

        String line = RegistryMain.startLine("1.2.3", null, config);

        assertThat(line)
                .startsWith("roocode-registry 1.2.3 starting; config (none)")
                .contains("bootstrap.servers=[k:9092]", "registry.port=8081", "http.port=8082")
                .contains("sasl.jaas.config=[hidden]", "ssl.truststore.password")
                .doesNotContain("s3cret", "tr0st")
                .doesNotContain("\n");
    }

    @Test
    void shouldHandTheClusterSecuritySettingsToTheRegistrysClients() {
        RegistryConfig config = RegistryMain.load(
                null,
                Map.of(
                        "ROOCODE_BOOTSTRAP_SERVERS", "k:9092",
                        "ROOCODE_SECURITY_PROTOCOL", "SASL_SSL",
                        "ROOCODE_SSL_TRUSTSTORE_LOCATION", "/etc/t.p12",
                        "ROOCODE_REGISTRY_PORT", "9081"));

        assertThat(config.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/t.p12")
                .doesNotContainKeys("registry.port", "http.port", "bootstrap.servers");
    }
}
