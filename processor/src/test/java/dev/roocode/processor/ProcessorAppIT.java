package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
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
 * The processor on the in-JVM broker: a route policy read from the routes topic decides the
 * provider, and the topics the processor writes and reads back itself (provider-state, spend) work
 * as global store sources on a real broker, not only in TopologyTestDriver.
 */
@ExtendWith(KafkaSandboxExtension.class)
class ProcessorAppIT {
    private static final int PARTITIONS = 2;

    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;

    ProcessorAppIT(EmbeddedKafka kafka, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void shouldRouteByPolicyAndPublishProviderStateAndSpend() throws Exception {
        Topics topics = Topics.withPrefix("it-route.");
        createTopics(topics);
        send(topics.providers(), "cheap", ProcessorFixtures.provider("cheap", 0.15));
        send(topics.providers(), "pricey", ProcessorFixtures.provider("pricey", 2.5));
        send(
                topics.routes(),
                "gpt-4o-mini",
                RoutePolicy.newBuilder()
                        .setModel("gpt-4o-mini")
                        .setAliases(List.of("fast"))
                        .setStrategy(RoutingStrategy.PRIORITY)
                        .setCandidates(List.of(
                                RouteCandidate.newBuilder()
                                        .setProvider("pricey")
                                        .setPriority(0)
                                        .build(),
                                RouteCandidate.newBuilder()
                                        .setProvider("cheap")
                                        .setPriority(1)
                                        .build()))
                        .build());

        try (ProcessorApp app = new ProcessorApp(config(topics), registry)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            // the global stores are restored before RUNNING, so the job sees the provider and the policy
            send(topics.jobs(), "r1", job("r1"));

            DispatchedJob dispatched =
                    readUntil(topics.dispatch("pricey"), l -> !l.isEmpty()).get(0);
            assertThat(dispatched.getAssignment().getStrategy()).isEqualTo(RoutingStrategy.PRIORITY);
            send(topics.outcomes(), "r1", ProcessorFixtures.succeeded(dispatched));

            assertThat(readUntil(topics.results(), l -> !l.isEmpty()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(readUntil(topics.providerState(), l -> l.stream().anyMatch(s -> s.getRequestsInWindow() == 1)))
                    .last()
                    .satisfies(s -> assertThat(s.getBacklog()).isZero());
            assertThat(readUntil(
                            topics.spend(),
                            l -> l.stream()
                                    .filter(s -> s.getCostUsd() > 0)
                                    .map(SpendTotal::getScope)
                                    .toList()
                                    .containsAll(List.of("batch:b1", "provider:pricey"))))
                    .filteredOn(s -> s.getCostUsd() > 0)
                    .extracting(SpendTotal::getScope)
                    .containsOnly("batch:b1", "provider:pricey");
        }
    }

    @Test
    void shouldKeepParkedJobsAcrossARestartAndReleaseThemWhenCapacityFrees() throws Exception {
        Topics topics = Topics.withPrefix("it-defer.");
        createTopics(topics);
        ProviderConfig cheap = ProcessorFixtures.provider("cheap", 0.15);
        cheap.setLimits(ProviderLimits.newBuilder().setRpm(60L).build()); // 5 jobs fill the 5 s deferral horizon
        send(topics.providers(), "cheap", cheap);
        send(topics.providers(), "pricey", ProcessorFixtures.provider("pricey", 2.5));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));

        List<DispatchedJob> first;
        try (ProcessorApp app = new ProcessorApp(config(topics, "it-defer-processor"), registry)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            for (int i = 0; i < 8; i++) {
                send(topics.jobs(), "r" + i, job("r" + i, deadline.plusSeconds(i)));
            }
            first = readUntil(topics.dispatch("cheap"), l -> l.size() >= 5);
            Thread.sleep(1_500); // the parked three are committed with their store updates
        }
        assertThat(first).hasSize(5);

        // a new state folder: the parked jobs come back from the deferred-jobs changelog alone
        try (ProcessorApp app = new ProcessorApp(config(topics, "it-defer-processor"), registry)) {
            app.start();
            app.awaitRunning(Duration.ofSeconds(60));
            List<String> parked = new ArrayList<>(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"));
            first.forEach(d -> parked.remove(d.getJob().getRequestId()));
            send(topics.jobs(), parked.get(0), job(parked.get(0), deadline)); // a resubmission of a parked job
            first.forEach(d -> send(topics.outcomes(), d.getJob().getRequestId(), ProcessorFixtures.succeeded(d)));

            List<DispatchedJob> all = readUntil(topics.dispatch("cheap"), l -> l.size() >= 8);
            Thread.sleep(1_500);
            assertThat(readUntil(topics.dispatch("cheap"), l -> l.size() >= 8))
                    .extracting(d -> d.getJob().getRequestId())
                    .containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
            assertThat(all).hasSize(8);
        }
        assertThat(readAll(topics.dispatch("pricey")))
                .as("the parked jobs waited for cheap")
                .isEmpty();
    }

    private ProcessorConfig config(Topics topics) throws Exception {
        return config(topics, "it-route-processor");
    }

    private ProcessorConfig config(Topics topics, String applicationId) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(ProcessorConfig.SCHEMA_REGISTRY_URL, "http://unused.invalid"); // the registry client is passed in
        settings.put(ProcessorConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(ProcessorConfig.APPLICATION_ID, applicationId);
        settings.put(
                ProcessorConfig.STATE_DIR,
                Files.createTempDirectory("it-route-state").toString());
        return new ProcessorConfig(settings);
    }

    private void createTopics(Topics topics) throws Exception {
        List<NewTopic> requests = new ArrayList<>();
        for (TopicSpec<?> spec : topics.fixed()) {
            requests.add(spec.newTopic(spec.coPartitioned() ? PARTITIONS : 1, (short) 1));
        }
        requests.add(topics.dispatch("cheap").newTopic(PARTITIONS, (short) 1));
        requests.add(topics.dispatch("pricey").newTopic(PARTITIONS, (short) 1));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(admin, requests, Duration.ofSeconds(30));
        }
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
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done.test(seen)) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("after 60s only " + seen + " on " + topic.name());
                }
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> seen.add(topic.valueSerde(registry).deserialize(topic.name(), r.value())));
            }
        }
        return seen;
    }

    /** Whatever {@code topic} holds now (waits briefly for the consumer to catch up). */
    private <V extends SpecificRecord> List<V> readAll(TopicSpec<V> topic) {
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        return readUntil(topic, l -> System.nanoTime() > until);
    }

    private static Job job(String requestId) {
        return ProcessorFixtures.job(requestId, "fast");
    }

    private static Job job(String requestId, Instant deadline) {
        Job job = ProcessorFixtures.job(requestId, "gpt-4o-mini");
        job.getRouting().setDeadline(deadline);
        return job;
    }
}
