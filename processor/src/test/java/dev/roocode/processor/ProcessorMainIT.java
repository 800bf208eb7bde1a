package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.service.ExitCodes;
import dev.roocode.core.service.ServiceHttp;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.process.ServiceProcess;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
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
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ProcessorMain} as a real process: health, the start-up line, and a SIGTERM while jobs are
 * in flight (dispatched, their outcomes arriving): it exits 0, its group is empty right after, and
 * the next instance finishes every job with exactly one Result, none dispatched twice.
 */
@ExtendWith(KafkaSandboxExtension.class)
class ProcessorMainIT {
    private static final String MAIN = ProcessorMain.class.getName();
    private static final Duration START = Duration.ofSeconds(45);
    private static final String APPLICATION_ID = "it-life-processor";
    private static final int JOBS = 6;

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registryServer;
    private final SchemaRegistryClient registry;

    ProcessorMainIT(EmbeddedKafka kafka, EmbeddedSchemaRegistry registryServer, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registryServer = registryServer;
        this.registry = registry;
    }

    @Test
    void shouldStopCleanlyOnSigtermWithJobsInFlightAndLeaveTheRestToTheNextInstance() throws Exception {
        Topics topics = Topics.withPrefix("it-life-proc.");
        createTopics(topics);
        send(topics.providers(), "sim", ProcessorFixtures.provider("sim", 0.15));
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", registryServer.url());
        settings.put("topic.prefix", topics.prefix());
        settings.put("application.id", APPLICATION_ID);
        settings.put("state.dir", Files.createTempDirectory("it-life-state").toString());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("shutdown.timeout.ms", "20000");

        List<DispatchedJob> dispatched;
        try (ServiceProcess first = ServiceProcess.start(MAIN, settings, Map.of())) {
            int port = first.httpPort(START);
            first.awaitStatus(port, ServiceHttp.READY, 200, START);
            assertThat(first.get(port, ServiceHttp.LIVE)).isEqualTo(200);
            assertThat(first.awaitLine(l -> l.contains("roocode-processor ") && l.contains(" starting;"), START))
                    .containsPattern(
                            "roocode-processor \\d+\\.\\d+\\.\\d+\\S* starting; config: \\S+service.properties;")
                    .contains("application.id=" + APPLICATION_ID)
                    .contains("shutdown.timeout.ms=20000")
                    .contains("http: http://127.0.0.1:" + port);

            for (int i = 0; i < JOBS; i++) {
                send(topics.jobs(), "p" + i, ProcessorFixtures.job("p" + i, "gpt-4o-mini"));
            }
            dispatched = readUntil(topics.dispatch("sim"), l -> l.size() >= JOBS);
            // half the workers' answers arrive just as the processor is told to stop
            dispatched
                    .subList(0, JOBS / 2)
                    .forEach(d -> send(topics.outcomes(), d.getJob().getRequestId(), ProcessorFixtures.succeeded(d)));
            first.terminate();

            assertThat(first.awaitExit(Duration.ofSeconds(40)))
                    .as(first.output())
                    .isEqualTo(ExitCodes.OK);
            assertThat(membersOf(APPLICATION_ID))
                    .as("Kafka Streams left the group on close")
                    .isZero();
            assertThat(first.stdout()).contains("stopping (SIGTERM)").contains("roocode-processor stopped cleanly");
        }

        // the next instance (in this JVM, to keep the test short) takes over the tasks at once
        Map<String, Object> next = new HashMap<>(settings);
        next.remove("http.port");
        try (ProcessorApp second = new ProcessorApp(new ProcessorConfig(next), registry)) {
            second.start();
            second.awaitRunning(START);
            dispatched
                    .subList(JOBS / 2, JOBS)
                    .forEach(d -> send(topics.outcomes(), d.getJob().getRequestId(), ProcessorFixtures.succeeded(d)));

            readUntil(topics.results(), l -> l.size() >= JOBS);
            Thread.sleep(1_000); // a duplicate would be written right behind
            assertThat(readUntil(topics.results(), l -> l.size() >= JOBS))
                    .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED))
                    .extracting(Result::getRequestId)
                    .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5");
            assertThat(readUntil(topics.dispatch("sim"), l -> l.size() >= JOBS))
                    .as("no job was dispatched (called) twice")
                    .hasSize(JOBS);
        }
    }

    private void createTopics(Topics topics) throws Exception {
        List<NewTopic> requests = new ArrayList<>();
        for (TopicSpec<?> spec : topics.fixed()) {
            requests.add(spec.newTopic(spec.coPartitioned() ? 2 : 1, (short) 1));
        }
        requests.add(topics.dispatch("sim").newTopic(2, (short) 1));
        try (Admin admin = admin()) {
            TopicAdmin.createAndAwait(admin, requests, Duration.ofSeconds(30));
        }
    }

    private int membersOf(String group) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .members()
                    .size();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    topic.name(), key, topic.valueSerde(registry).serialize(topic.name(), value)));
        }
    }

    /** Every committed record of {@code topic} from the start, once {@code done} holds for them. */
    private <V extends SpecificRecord> List<V> readUntil(TopicSpec<V> topic, Predicate<List<V>> done) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (!done.test(seen)) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("after 40 s only " + seen.size() + " on " + topic.name());
                }
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> seen.add(topic.valueSerde(registry).deserialize(topic.name(), r.value())));
            }
            // whatever else is already there
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> seen.add(topic.valueSerde(registry).deserialize(topic.name(), r.value())));
            }
        }
        return seen;
    }
}
