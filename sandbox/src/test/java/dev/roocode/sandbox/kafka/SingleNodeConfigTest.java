package dev.roocode.sandbox.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class SingleNodeConfigTest {
    /** Kafka's default; a restart after SIGKILL waited this long for the dead incarnation's session (issue #14). */
    private static final int KAFKA_DEFAULT_BROKER_SESSION_MS = 9000;

    @Test
    void shouldExpireACrashedIncarnationSoonerThanKafkasDefaultSoARestartRegistersQuickly() {
        Map<String, String> properties = SingleNodeConfig.properties(1, Path.of("/tmp/unused"), 9092, 9093);
        KafkaConfig config = new KafkaConfig(properties, false);

        assertThat(config.brokerSessionTimeoutMs()).isLessThan(KAFKA_DEFAULT_BROKER_SESSION_MS);
        // the broker must heartbeat several times per session, or a busy moment fences the only broker
        assertThat(config.getInt("broker.heartbeat.interval.ms") * 3)
                .isLessThanOrEqualTo(config.brokerSessionTimeoutMs());
    }
}
