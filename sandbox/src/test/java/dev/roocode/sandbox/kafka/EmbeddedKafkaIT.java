package dev.roocode.sandbox.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @Test
    void shouldProduceAndConsumeOnATemporaryBrokerAndDeleteItsDirectoryOnClose() throws Exception {
        Path directory;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            directory = kafka.dataDirectory();
            createTopic(kafka, "greetings");
            produce(kafka, "greetings", "a", "hello");

            assertThat(consumeAll(kafka, "greetings")).containsExactly("a=hello");
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void shouldKeepClusterIdTopicsAndRecordsWhenRestartedOnTheSameDataDirectory(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("kafka");
        String clusterId;
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDirectory(data).build().start()) {
            clusterId = kafka.clusterId();
            createTopic(kafka, "durable");
            produce(kafka, "durable", "k1", "v1");
        }
        assertThat(data.resolve("meta.properties")).exists();

        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDirectory(data).build().start()) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("durable");
            }
            produce(kafka, "durable", "k2", "v2");
            assertThat(consumeAll(kafka, "durable")).containsExactly("k1=v1", "k2=v2");
        }
    }

    @Test
    void shouldRefuseToFormatADirectoryThatHoldsOtherFiles(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(tmp).build();

        assertThatThrownBy(kafka::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to format");
        assertThat(tmp.resolve("notes.txt")).exists();
    }

    @Test
    void shouldFailWithoutLeakingWhenTheRequestedPortIsTaken(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedKafka kafka = EmbeddedKafka.builder()
                    .dataDirectory(tmp.resolve("kafka"))
                    .port(taken.getLocalPort())
                    .build();

            assertThatThrownBy(kafka::start).isInstanceOf(RuntimeException.class);
            assertThat(kafka.isRunning()).isFalse();
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                .dataDirectory(tmp.resolve("kafka"))
                .build()
                .start()) {
            assertThat(kafka.isRunning()).isTrue(); // the directory lock was released
        }
    }

    private static void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(EmbeddedKafka kafka, String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(EmbeddedKafka kafka, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.key() + "=" + record.value());
                }
            }
            return values;
        }
    }
}
