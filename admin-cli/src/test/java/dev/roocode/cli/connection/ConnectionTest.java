package dev.roocode.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the CLI reads Roocode's topics (results, batches, providers): committed records only. */
class ConnectionTest {
    @Test
    void shouldReadTopicsCommittedOnlyEvenWhenTheSettingsAskForUncommitted() {
        Connection connection = new Connection(
                Map.of(
                        "bootstrap.servers",
                        "127.0.0.1:1",
                        "isolation.level",
                        "read_uncommitted",
                        "schema.registry.url",
                        "http://127.0.0.1:1"),
                Duration.ofSeconds(1));

        assertThat(connection.consumerProperties())
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .doesNotContainKey("schema.registry.url");
    }
}
