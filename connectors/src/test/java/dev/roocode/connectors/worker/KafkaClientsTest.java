package dev.roocode.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    private static final ConnectorsConfig CONFIG = new ConnectorsConfig(Map.of("bootstrap.servers", "mock:9092"));

    @Test
    void shouldPublishOutcomesOfASmallWindowWithoutLinger() {
        assertThat(KafkaClients.producerProps(CONFIG, "p", 4)).containsEntry("linger.ms", 0);
        assertThat(KafkaClients.producerProps(CONFIG, "p", KafkaClients.NO_LINGER_WINDOW))
                .containsEntry("linger.ms", 0);
    }

    @Test
    void shouldBatchOutcomesOfALargeWindowFor5Ms() {
        assertThat(KafkaClients.producerProps(CONFIG, "p", 64)).containsEntry("linger.ms", 5);
        assertThat(KafkaClients.producerProps(CONFIG, "p")).containsEntry("linger.ms", 5);
    }

    @Test
    void shouldKeepAConfiguredLingerWhateverTheWindow() {
        ConnectorsConfig configured =
                new ConnectorsConfig(Map.of("bootstrap.servers", "mock:9092", "producer.linger.ms", "20"));

        assertThat(KafkaClients.producerProps(configured, "p", 4)).containsEntry("linger.ms", "20");
    }
}
