package dev.roocode.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaSandboxExtensionIT {
    @RegisterExtension
    static final KafkaSandboxExtension SANDBOX = new KafkaSandboxExtension().withBrokerProperty("num.partitions", "3");

    private static EmbeddedKafka seenInBeforeAll;
    private final EmbeddedKafka seenInConstructor;

    KafkaSandboxExtensionIT(EmbeddedKafka kafka) {
        this.seenInConstructor = kafka;
    }

    @BeforeAll
    static void remember(EmbeddedKafka kafka) {
        seenInBeforeAll = kafka;
    }

    @Test
    void shouldGiveConstructorLifecycleAndTestMethodsTheSameRunningBroker(EmbeddedKafka kafka) throws Exception {
        assertThat(kafka).isSameAs(seenInBeforeAll).isSameAs(seenInConstructor).isSameAs(SANDBOX.kafka());
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .hasSize(1);
        }
    }

    @Test
    void shouldApplyBrokerPropertiesGivenToTheRegisteredExtension(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            var broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            var config = admin.describeConfigs(List.of(broker))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(broker);
            assertThat(config.get("num.partitions").value()).isEqualTo("3");
        }
    }

    @Test
    void shouldResolveARegistryAndAClientOnIt(EmbeddedSchemaRegistry registry, SchemaRegistryClient client) {
        int id = client.register(
                "ext-value",
                SchemaBuilder.record("Ext").fields().requiredString("a").endRecord());

        assertThat(registry.url()).isEqualTo(SANDBOX.schemaRegistry().url());
        assertThat(SANDBOX.schemaRegistryClient().getById(id).getName()).isEqualTo("Ext");
    }

    @Nested
    class Inner {
        @Test
        void shouldShareTheEnclosingClassesSandbox(EmbeddedKafka kafka) {
            assertThat(kafka).isSameAs(seenInBeforeAll);
            assertThat(kafka.isRunning()).isTrue();
        }
    }
}
