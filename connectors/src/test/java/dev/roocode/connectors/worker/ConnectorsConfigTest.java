package dev.roocode.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConnectorsConfigTest {

    @Test
    void shouldApplyDefaults() {
        ConnectorsConfig config = new ConnectorsConfig(Map.of("bootstrap.servers", "localhost:9092"));

        assertThat(config.topics().prefix()).isEqualTo("roocode.");
        assertThat(config.revocationTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldRequireBootstrapServers() {
        assertThatThrownBy(() -> new ConnectorsConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldPassKafkaClientSettingsThroughAndRouteClientPrefixes() {
        ConnectorsConfig config = new ConnectorsConfig(Map.of(
                "bootstrap.servers", "a:1,b:2",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "consumer.fetch.min.bytes", "1024",
                "producer.linger.ms", "20",
                "topic.prefix", "t.",
                "basic.auth.user.info", "u:p"));

        assertThat(config.consumerProps())
                .containsEntry("bootstrap.servers", "a:1,b:2")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("fetch.min.bytes", "1024")
                .doesNotContainKeys("linger.ms", "producer.linger.ms", "topic.prefix", "basic.auth.user.info");
        assertThat(config.producerProps())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "20")
                .doesNotContainKeys("fetch.min.bytes", "consumer.fetch.min.bytes");
    }

    @Test
    void shouldKeepTheDefaultPartitionerSoOutcomesReachTheirRequestsPartition() {
        ConnectorsConfig config = new ConnectorsConfig(Map.of(
                "bootstrap.servers", "a:1",
                "partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner",
                "producer.partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner"));

        assertThat(config.producerProps()).doesNotContainKey("partitioner.class");
    }

    @Test
    void shouldDocumentEveryKey() {
        ConnectorsConfig.CONFIG_DEF
                .configKeys()
                .values()
                .forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    }
}
