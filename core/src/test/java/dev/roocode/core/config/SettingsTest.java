package dev.roocode.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @Test
    void shouldLetEnvironmentOverrideTheFileAndKeepSecretsOut(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processor.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nsecurity.protocol=SASL_SSL\n");

        Map<String, Object> settings = Settings.load(
                file,
                Map.of(
                        "ROOCODE_BOOTSTRAP_SERVERS", "env:9092",
                        "ROOCODE_SCHEMA_REGISTRY_URL", "http://registry:8081",
                        "ROOCODE_MASTER_KEY", "do-not-copy",
                        "PATH", "/usr/bin"));

        assertThat(settings)
                .containsEntry("bootstrap.servers", "env:9092")
                .containsEntry("schema.registry.url", "http://registry:8081")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("master.key")
                .doesNotContainValue("do-not-copy")
                .hasSize(3);
    }

    @Test
    void shouldNotTakeTheLaunchersOwnVariablesForSettings() throws Exception {
        Map<String, Object> settings = Settings.load(
                null,
                Map.of(
                        "ROOCODE_HEAP_OPTS", "-Xmx1g",
                        "ROOCODE_JVM_OPTS", "-XX:+UseG1GC",
                        "ROOCODE_LOG_DIR", "/var/log/roocode",
                        "ROOCODE_LOG_FORMAT", "json",
                        "ROOCODE_LOG4J_OPTS", "-Dlog4j2.configurationFile=x.xml",
                        "ROOCODE_HOME", "/home/r/.roocode",
                        "ROOCODE_TOPIC_PREFIX", "acme."));

        assertThat(settings).containsOnly(Map.entry("topic.prefix", "acme."));
    }

    @Test
    void shouldNameTheOverridingVariablesWithoutTheirValues() {
        Map<String, String> env = Map.of(
                "ROOCODE_SASL_JAAS_CONFIG", "password=\"s3cret\"",
                "ROOCODE_BOOTSTRAP_SERVERS", "env:9092",
                "ROOCODE_MASTER_KEY", "do-not-copy",
                "ROOCODE_HEAP_OPTS", "-Xmx1g",
                "HOME", "/root");

        assertThat(Settings.overrides(env))
                .containsExactly(
                        "ROOCODE_BOOTSTRAP_SERVERS→bootstrap.servers", "ROOCODE_SASL_JAAS_CONFIG→sasl.jaas.config");
    }
}
