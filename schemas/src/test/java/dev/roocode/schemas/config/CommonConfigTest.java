package dev.roocode.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CommonConfigTest {
    private static final ConfigDef SERVICE = CommonConfig.define(CommonConfig.Registry.REQUIRED)
            .define("service.own.key", ConfigDef.Type.INT, 1, ConfigDef.Importance.LOW, "A key of the service itself.");

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "a:1,b:2");
        settings.put("schema.registry.url", "https://registry:8081");
        settings.put("basic.auth.user.info", "reg-user:reg-secret");
        settings.put("topic.prefix", "t.");
        settings.put("service.own.key", "7");
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "PLAIN");
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";");
        settings.put("ssl.truststore.location", "/etc/ts.jks");
        settings.put("producer.linger.ms", "20");
        settings.put("consumer.fetch.min.bytes", "1024");
        settings.put("admin.request.timeout.ms", "9000");
        return settings;
    }

    @Test
    void shouldGiveEveryKindOfClientTheSecuritySettings() {
        ClientProperties props = ClientProperties.of(SERVICE, settings());

        for (Map<String, Object> client : List.of(props.admin(), props.producer(), props.consumer(), props.streams())) {
            assertThat(client)
                    .containsEntry("bootstrap.servers", "a:1,b:2")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                    .containsKey("sasl.jaas.config")
                    .doesNotContainKeys(
                            "schema.registry.url", "basic.auth.user.info", "topic.prefix", "service.own.key");
        }
    }

    @Test
    void shouldRouteClientPrefixesToTheirClientOnly() {
        ClientProperties props = ClientProperties.of(SERVICE, settings());

        assertThat(props.admin())
                .containsEntry("request.timeout.ms", "9000")
                .doesNotContainKeys("linger.ms", "fetch.min.bytes", "admin.request.timeout.ms");
        assertThat(props.producer())
                .containsEntry("linger.ms", "20")
                .doesNotContainKeys("request.timeout.ms", "fetch.min.bytes");
        assertThat(props.consumer())
                .containsEntry("fetch.min.bytes", "1024")
                .doesNotContainKeys("linger.ms", "request.timeout.ms");
        assertThat(props.streams())
                .as("Streams reads the prefixes itself")
                .containsEntry("producer.linger.ms", "20")
                .containsEntry("admin.request.timeout.ms", "9000");
    }

    @Test
    void shouldGiveTheRegistryClientItsUrlAndBasicAuth() {
        AbstractConfig config = new AbstractConfig(SERVICE, settings(), false);

        assertThat(ClientProperties.registry(config.values()))
                .containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.user.info", "reg-user:reg-secret")
                .doesNotContainKeys("bootstrap.servers", "ssl.truststore.location", "sasl.jaas.config", "topic.prefix");
    }

    @Test
    void shouldRejectAnUnknownSecurityProtocolNamingTheKey() {
        Map<String, Object> settings = settings();
        settings.put("security.protocol", "SASL_PLAIN");

        assertThatThrownBy(() -> new AbstractConfig(SERVICE, settings, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.protocol")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldRejectARegistryUrlThatIsNotHttpNamingTheKeyButNotTheValue() {
        Map<String, Object> settings = settings();
        settings.put("schema.registry.url", "registry-user:secret@registry:8081");

        assertThatThrownBy(() -> new AbstractConfig(SERVICE, settings, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageNotContaining("secret");
    }

    @Test
    void shouldRequireTheRegistryUrlOnlyWhereTheServiceNeedsIt() {
        Map<String, Object> settings = Map.of("bootstrap.servers", "a:1");

        assertThatThrownBy(() -> new AbstractConfig(SERVICE, settings, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThat(new AbstractConfig(CommonConfig.define(CommonConfig.Registry.OPTIONAL), settings, false)
                        .getString(CommonConfig.SCHEMA_REGISTRY_URL))
                .isNull();
    }

    @Test
    void shouldRequireBootstrapServersNamingTheKey() {
        Map<String, Object> settings = settings();
        settings.remove("bootstrap.servers");

        assertThatThrownBy(() -> new AbstractConfig(SERVICE, settings, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldNeverShowTheJaasConfigOrRegistryPasswordInTheConfigsText() {
        assertThat(new AbstractConfig(SERVICE, settings(), false).values().toString())
                .doesNotContain("reg-secret")
                .doesNotContain("password=\"p\"");
    }
}
