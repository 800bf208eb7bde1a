package dev.roocode.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-class instances are constructed before beforeAll callbacks run: the sandbox must start on demand. */
@ExtendWith(KafkaSandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSandboxPerClassIT {
    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;

    KafkaSandboxPerClassIT(EmbeddedKafka kafka, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void shouldInjectARunningSandboxIntoTheConstructorOfAPerClassInstance(EmbeddedKafka again) {
        assertThat(kafka.isRunning()).isTrue();
        assertThat(again).isSameAs(kafka);
        assertThat(registry.isCompatible("fresh-value", Schema.create(Schema.Type.STRING)))
                .isTrue();
    }
}
