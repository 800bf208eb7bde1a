package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.kafka.TopicReader;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant namespaces on the in-JVM broker: the processor reads every tenant's jobs topic by pattern (one
 * created after it started included), answers each tenant in its own namespace, refuses a job reaching
 * into another tenant's (a FAILED Result on its own replies topic and a dead letter, nothing written
 * there), refuses a shared-topic job naming a tenant's reply topic, and answers a requestId submitted on
 * both the shared and a tenant's topic once.
 */
@ExtendWith(KafkaSandboxExtension.class)
class TenantIsolationIT {
    private static final int PARTITIONS = 2;
    /** How long a record written after the awaited ones (a duplicate, a stray Result) is given to show. */
    private static final Duration LATE_RECORDS = Duration.ofSeconds(3);
    /** How long a read of a topic may take before the test fails. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;
    private final Topics topics = Topics.withPrefix("it-tenant.");

    TenantIsolationIT(EmbeddedKafka kafka, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void shouldKeepEveryTenantsResultsInItsOwnNamespace() throws Exception {
        List<NewTopic> topicsAtStart = new ArrayList<>();
        for (TopicSpec<?> spec : topics.fixed()) {
            topicsAtStart.add(spec.newTopic(spec.coPartitioned() ? PARTITIONS : 1, (short) 1));
        }
        topicsAtStart.add(topics.dispatch("cheap").newTopic(PARTITIONS, (short) 1));
        // blue's jobs topic has another partition count than the jobs topic: its jobs all take the hop
        topicsAtStart.add(topics.tenantJobs("blue").newTopic(3, (short) 1));
        topicsAtStart.add(topics.tenantReplies("blue").newTopic(1, (short) 1));
        topicsAtStart.add(topics.tenantReplies("red").newTopic(1, (short) 1));
        createTopics(topicsAtStart);
        send(topics.providers(), "cheap", ProcessorFixtures.provider("cheap", 0.15));
        String blueJobs = topics.tenantJobs("blue").name();
        String blueReplies = topics.tenantReplies("blue").name();
        String redReplies = topics.tenantReplies("red").name();

        try (ProcessorApp app = new ProcessorApp(config(), registry)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));

            Job toRed = job("blue-to-red");
            toRed.setReplyTo(redReplies);
            Job asRed = job("blue-as-red");
            asRed.setTenant("red");
            Job sharedToRed = job("shared-to-red");
            sharedToRed.setReplyTo(redReplies);
            send(blueJobs, "blue-ok", job("blue-ok"));
            send(blueJobs, "blue-to-red", toRed);
            send(blueJobs, "blue-as-red", asRed);
            send(topics.jobs().name(), "shared-to-red", sharedToRed);
            send(topics.jobs().name(), "both", job("both"));
            send(blueJobs, "both", job("both"));

            // a tenant whose topics are created while the processor runs
            createTopics(List.of(
                    topics.tenantJobs("green").newTopic(1, (short) 1),
                    topics.tenantReplies("green").newTopic(1, (short) 1)));
            send(topics.tenantJobs("green").name(), "green-ok", job("green-ok"));

            List<DispatchedJob> dispatched = readUntil(
                    topics.dispatch("cheap").name(),
                    DispatchedJob.class,
                    l -> ids(l).containsAll(List.of("blue-ok", "both", "green-ok")));
            dispatched.forEach(d -> send(topics.outcomes().name(), requestId(d), ProcessorFixtures.succeeded(d)));

            assertThat(readUntil(blueReplies, Result.class, l -> l.size() >= 3))
                    .extracting(Result::getRequestId, Result::getStatus)
                    .containsExactlyInAnyOrder(
                            tuple("blue-ok", ResultStatus.SUCCEEDED),
                            tuple("blue-to-red", ResultStatus.FAILED),
                            tuple("blue-as-red", ResultStatus.FAILED));
            assertThat(readUntil(topics.tenantReplies("green").name(), Result.class, l -> !l.isEmpty()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getRequestId()).isEqualTo("green-ok"));
            assertThat(readUntil(topics.results().name(), Result.class, l -> l.size() >= 2))
                    .extracting(Result::getRequestId)
                    .containsExactlyInAnyOrder("shared-to-red", "both");
            assertThat(readUntil(topics.dlq().name(), DeadLetter.class, l -> l.size() >= 3))
                    .extracting(DeadLetter::getRequestId, DeadLetter::getSourceTopic)
                    .containsExactlyInAnyOrder(
                            tuple("blue-to-red", blueJobs),
                            tuple("blue-as-red", blueJobs),
                            tuple("shared-to-red", topics.jobs().name()));

            // nothing more comes: one Result per requestId, none in red's namespace (one wait for all four topics)
            Thread.sleep(LATE_RECORDS.toMillis());
            assertThat(readAll(redReplies, Result.class)).isEmpty();
            assertThat(ids(readAll(topics.dispatch("cheap").name(), DispatchedJob.class)))
                    .containsExactlyInAnyOrder("blue-ok", "both", "green-ok");
            assertThat(readAll(blueReplies, Result.class)).hasSize(3);
            assertThat(readAll(topics.results().name(), Result.class)).hasSize(2);
        }
    }

    private static List<String> ids(List<DispatchedJob> dispatched) {
        return dispatched.stream().map(TenantIsolationIT::requestId).toList();
    }

    private static String requestId(DispatchedJob dispatched) {
        return dispatched.getJob().getRequestId();
    }

    private static Job job(String requestId) {
        return ProcessorFixtures.job(requestId, "gpt-4o-mini");
    }

    private ProcessorConfig config() throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, "http://unused.invalid"); // the registry client is passed in
        settings.put(ProcessorConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(ProcessorConfig.APPLICATION_ID, "it-tenant-processor");
        settings.put(
                ProcessorConfig.STATE_DIR,
                Files.createTempDirectory("it-tenant-state").toString());
        // the new tenant's topic is found at the next metadata refresh: 30 s by default, 1 s here
        settings.put("main.consumer.metadata.max.age.ms", "1000");
        return new ProcessorConfig(settings);
    }

    private void createTopics(List<NewTopic> requests) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(admin, requests, Duration.ofSeconds(30));
        }
    }

    private <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
        send(topic.name(), key, value);
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> void send(String topic, String key, V value) {
        AvroSerde<V> serde = new AvroSerde<>((Class<V>) value.getClass(), registry);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, serde.serialize(topic, value)));
        }
    }

    private <V extends SpecificRecord> List<V> readUntil(String topic, Class<V> type, Predicate<List<V>> done) {
        AvroSerde<V> serde = new AvroSerde<>(type, registry);
        return TopicReader.readUntil(
                consumerProperties(), topic, r -> serde.deserialize(topic, r.value()), done, READ_TIMEOUT);
    }

    /**
     * Whatever {@code topic} holds now, read to its last stable offset. Records written late (a duplicate, a
     * Result in the wrong namespace) have had {@link #LATE_RECORDS} to arrive: the test waits once for every topic
     * it reads this way, instead of 3 s per topic.
     */
    private <V extends SpecificRecord> List<V> readAll(String topic, Class<V> type) {
        AvroSerde<V> serde = new AvroSerde<>(type, registry);
        return TopicReader.readToEnd(
                consumerProperties(), topic, r -> serde.deserialize(topic, r.value()), READ_TIMEOUT);
    }

    private Map<String, Object> consumerProperties() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }
}
