package dev.roocode.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts of the embedded stack on one data folder. */
class EmbeddedStackRestartIT {
    @TempDir
    Path dir;

    @Test
    void shouldNotWriteTheSimulatorProviderAgainWhenARestartChangesNothing() throws Exception {
        Path data = dir.resolve("data");
        EmbeddedStack.Options options = new EmbeddedStack.Options(data, 1, 8).removingOtherProviders();
        try (EmbeddedStack first = EmbeddedStack.start(options, step -> {})) {
            assertThat(simRecords(first)).hasSize(1);
        }
        try (EmbeddedStack second = EmbeddedStack.start(options, step -> {})) {
            List<ProviderConfig> records = simRecords(second);

            assertThat(records).as("records of provider sim after two starts").hasSize(1);
            assertThat(records.get(0).getEndpoint())
                    .isEqualTo(second.simulator().url());
        }
    }

    private static List<ProviderConfig> simRecords(EmbeddedStack stack) {
        String topic = stack.topics().providers().name();
        List<ProviderConfig> sim = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (EmbeddedStack.SIMULATOR_PROVIDER.equals(r.key()) && r.value() != null) {
                        sim.add(stack.topics()
                                .providers()
                                .valueSerde(stack.registry())
                                .deserialize(topic, r.value()));
                    }
                }
            }
        }
        return sim;
    }
}
