package dev.roocode.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the client's Result readers are configured. */
class RoocodeClientTest {
    private static final Map<String, Object> CLUSTER =
            Map.of("bootstrap.servers", "localhost:9092", "schema.registry.url", "http://localhost:8081");

    @Test
    void shouldReadResultsCommittedOnlyByDefault() {
        Map<String, Object> props = RoocodeClient.consumerProperties(new ClientConfig(CLUSTER));

        assertThat(props).containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", false);
    }

    @Test
    void shouldReadResultsCommittedOnlyEvenWhenTheConfigurationAsksForUncommitted() {
        Map<String, Object> settings = new HashMap<>(CLUSTER);
        settings.put("isolation.level", "read_uncommitted");
        settings.put("security.protocol", "SASL_SSL");

        Map<String, Object> props = RoocodeClient.consumerProperties(new ClientConfig(settings));

        assertThat(props)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("security.protocol", "SASL_SSL");
    }
}
