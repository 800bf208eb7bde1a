package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processor on a cluster that authenticates (SASL_PLAINTEXT, mechanism PLAIN): every client it
 * makes, Streams' and the Admin client that counts dispatch partitions alike, must carry the
 * security settings, or jobs never reach a provider. This test plays the worker: it answers each
 * dispatched job with a success, as the connectors would.
 */
class ProcessorSaslIT {
    private static final String USER = "roocode";
    private static final String PASSWORD = "sasl-secret";
    private static final int PARTITIONS = 2;

    private static EmbeddedKafka kafka;
    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().saslPlainUser(USER, PASSWORD).build().start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldRouteJobsToResultsWhenTheClusterRequiresSaslPlain() throws Exception {
        Topics topics = Topics.withPrefix("it-sasl.");
        createTopics(topics);
        send(topics.providers(), "sim", ProcessorFixtures.provider("sim", 0.15));

        Map<String, Object> settings = new HashMap<>(saslClientSettings());
        settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, "http://unused.invalid"); // the registry client is passed in
        settings.put(ProcessorConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(ProcessorConfig.APPLICATION_ID, "it-sasl-processor");
        settings.put(
                ProcessorConfig.STATE_DIR,
                Files.createTempDirectory("it-sasl-state").toString());
        try (ProcessorApp app = new ProcessorApp(new ProcessorConfig(settings), registry)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(90));
            for (int i = 0; i < 3; i++) {
                send(topics.jobs(), "r" + i, ProcessorFixtures.job("r" + i, "gpt-4o-mini"));
            }

            List<DispatchedJob> dispatched = read(topics.dispatch("sim"), 3);
            dispatched.forEach(d -> send(topics.outcomes(), d.getJob().getRequestId(), ProcessorFixtures.succeeded(d)));

            assertThat(read(topics.results(), 3))
                    .allSatisfy(r -> assertThat(r.getStatus()).as("%s", r).isEqualTo(ResultStatus.SUCCEEDED))
                    .extracting(Result::getRequestId)
                    .containsExactlyInAnyOrder("r0", "r1", "r2");
        }
    }

    /** What the test's own clients and the processor need to reach the SASL listener. */
    private static Map<String, Object> saslClientSettings() {
        return Map.of(
                "bootstrap.servers",
                kafka.saslBootstrapServers(),
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER + "\" password=\""
                        + PASSWORD + "\";");
    }

    private void createTopics(Topics topics) throws Exception {
        List<NewTopic> requests = new ArrayList<>();
        for (TopicSpec<?> spec : topics.fixed()) {
            requests.add(spec.newTopic(spec.coPartitioned() ? PARTITIONS : 1, (short) 1));
        }
        requests.add(topics.dispatch("sim").newTopic(PARTITIONS, (short) 1));
        // setup goes through the PLAINTEXT listener: only the processor's own clients are under test
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(admin, requests, Duration.ofSeconds(30));
        }
    }

    private <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(saslClientSettings(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    topic.name(), key, topic.valueSerde(registry).serialize(topic.name(), value)));
        }
    }

    private <V extends SpecificRecord> List<V> read(TopicSpec<V> topic, int count) {
        Map<String, Object> props = new HashMap<>(saslClientSettings());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < count) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("after 60s only " + seen + " on " + topic.name());
                }
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> seen.add(topic.valueSerde(registry).deserialize(topic.name(), r.value())));
            }
        }
        return seen;
    }
}
