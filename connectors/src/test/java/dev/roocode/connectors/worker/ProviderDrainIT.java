package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.SimulatorExtension;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * The drain of a removed or deactivated provider's dispatch topic, on the broker: every job the worker left
 * becomes one failure report without a call, and a provider active again is served, not drained.
 */
@ExtendWith({KafkaSandboxExtension.class, SimulatorExtension.class})
class ProviderDrainIT {
    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;
    private final ProviderSimulator simulator;

    ProviderDrainIT(EmbeddedKafka kafka, SchemaRegistryClient registry, ProviderSimulator simulator) {
        this.kafka = kafka;
        this.registry = registry;
        this.simulator = simulator;
    }

    @Test
    void shouldReportEveryJobLeftOnceWithoutACallAndSkipWhatTheWorkerFinished() throws Exception {
        Topics topics = createTopics("it-drain-a.", "gone");
        List<String> ids = queue(topics, "gone", 8);
        // the stopped worker committed offset 2 and listed offset 4 as finished beyond it
        commit(topics, "gone", new OffsetAndMetadata(2, "v1:2"));
        Instant removedAt = Instant.now().minusSeconds(60);

        ProviderDrain drain =
                new ProviderDrain("gone", "removed", removedAt, config(topics, 0), registry, Clock.systemUTC());
        drain.start().join(60_000);

        assertThat(drain.isFinished())
                .as("ended once read to the end, its linger long past")
                .isTrue();
        List<AttemptFailed> reports = failures(topics);
        assertThat(reports)
                .extracting(f -> f.getDispatched().getJob().getRequestId())
                .containsExactlyInAnyOrder(ids.get(2), ids.get(3), ids.get(5), ids.get(6), ids.get(7));
        assertThat(reports).allSatisfy(f -> {
            assertThat(f.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(f.getError().getMessage())
                    .isEqualTo("provider gone was removed at " + removedAt + "; the job was not sent to it");
            assertThat(f.getError().getProvider()).isEqualTo("gone");
            assertThat(f.getRetryable()).isTrue();
            assertThat(f.getAttempt().getCalls()).isZero();
            assertThat(f.getAttempt().getAttempt()).isEqualTo(1);
            assertThat(f.getAttempt().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
        });
        assertThat(committed(topics, "gone"))
                .as("the group's offset: nothing left for a later owner")
                .isEqualTo(8);
    }

    @Test
    void shouldKeepDrainingJobsThatArriveWhileItLingersAndCommitThemWhenClosed() throws Exception {
        Topics topics = createTopics("it-drain-b.", "paused");
        ProviderDrain drain = new ProviderDrain(
                "paused", "deactivated", Instant.now(), config(topics, 600_000), registry, Clock.systemUTC());
        Thread thread = drain.start();
        List<String> ids = new ArrayList<>(queue(topics, "paused", 3));
        await(() -> failures(topics).size() == 3);
        ids.addAll(queue(topics, "paused", 2));
        await(() -> failures(topics).size() == 5);
        assertThat(drain.isFinished()).as("still lingering").isFalse();

        drain.close();

        assertThat(drain.isFinished()).as("stopped by close").isTrue();
        thread.join(5_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(failures(topics))
                .extracting(f -> f.getDispatched().getJob().getRequestId())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(committed(topics, "paused")).isEqualTo(5);
    }

    @Test
    void shouldDrainAProviderInactiveWhenTheProcessStartsButServeOneActiveAgainLaterInTheTopic() throws Exception {
        Topics topics = createTopics("it-drain-c.", "off", "back");
        List<String> offIds = queue(topics, "off", 3);
        List<String> backIds = queue(topics, "back", 3);
        publish(topics, provider("off", simulator.url()).setVersion(1).build());
        publish(
                topics,
                provider("off", simulator.url())
                        .setVersion(2)
                        .setStatus(ProviderStatus.INACTIVE)
                        .build());
        publish(
                topics,
                provider("back", simulator.url())
                        .setVersion(1)
                        .setStatus(ProviderStatus.INACTIVE)
                        .build());
        publish(topics, provider("back", simulator.url()).setVersion(2).build());

        try (ConnectorRuntime runtime = new ConnectorRuntime(config(topics, 0), registry)) {
            runtime.start();
            await(() -> failures(topics).size() >= 3
                    && countRecords(topics.outcomes().name()) >= 3);
            await(() -> runtime.drain("off").map(ProviderDrain::isFinished).orElse(false));
            Thread.sleep(1_000); // a drain of "back" started by mistake would have reported its jobs by now

            assertThat(failures(topics))
                    .extracting(f -> f.getDispatched().getJob().getRequestId())
                    .containsExactlyInAnyOrderElementsOf(offIds);
            assertThat(runtime.drain("back"))
                    .as("active at the end of the providers topic: not drained")
                    .isEmpty();
            assertThat(backIds)
                    .allSatisfy(id -> assertThat(simulator.callCount(id)).isEqualTo(1));
            assertThat(offIds)
                    .allSatisfy(id -> assertThat(simulator.callCount(id)).isZero());
        }
    }

    // --- helpers

    private Topics createTopics(String prefix, String... providers) throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<NewTopic> all = new ArrayList<>(List.of(
                    topics.providers().newTopic(1, (short) 1),
                    topics.outcomes().newTopic(1, (short) 1),
                    topics.fallback().newTopic(1, (short) 1),
                    topics.dlq().newTopic(1, (short) 1),
                    topics.providerHealth().newTopic(1, (short) 1)));
            for (String provider : providers) {
                all.add(topics.dispatch(provider).newTopic(1, (short) 1));
            }
            TopicAdmin.createAndAwait(admin, all, Duration.ofSeconds(30));
        }
        return topics;
    }

    private ConnectorsConfig config(Topics topics, long lingerMs) {
        return new ConnectorsConfig(Map.of(
                ConnectorsConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                ConnectorsConfig.TOPIC_PREFIX, topics.prefix(),
                ConnectorsConfig.DRAIN_LINGER_MS, lingerMs));
    }

    /** Puts {@code count} dispatched jobs on the provider's topic and returns their requestIds in order. */
    private List<String> queue(Topics topics, String provider, int count) throws Exception {
        String dispatch = topics.dispatch(provider).name();
        AvroSerde<DispatchedJob> serde = topics.dispatch(provider).valueSerde(registry);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                DispatchedJob job = dispatched(
                        chatJob(provider + "-" + UUID.randomUUID(), "hi").build(), provider, "sim-model");
                ids.add(job.getJob().getRequestId());
                producer.send(new ProducerRecord<>(
                                dispatch, job.getJob().getRequestId(), serde.serialize(dispatch, job)))
                        .get();
            }
        }
        return ids;
    }

    private void publish(Topics topics, ProviderConfig config) throws Exception {
        String topic = topics.providers().name();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            topic,
                            config.getName(),
                            topics.providers().valueSerde(registry).serialize(topic, config)))
                    .get();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private void commit(Topics topics, String provider, OffsetAndMetadata offset) {
        try (KafkaConsumer<String, byte[]> consumer = groupConsumer(provider)) {
            consumer.commitSync(
                    Map.of(new TopicPartition(topics.dispatch(provider).name(), 0), offset));
        }
    }

    private long committed(Topics topics, String provider) {
        try (KafkaConsumer<String, byte[]> consumer = groupConsumer(provider)) {
            TopicPartition tp = new TopicPartition(topics.dispatch(provider).name(), 0);
            OffsetAndMetadata offset = consumer.committed(Set.of(tp)).get(tp);
            return offset == null ? -1 : offset.offset();
        }
    }

    private KafkaConsumer<String, byte[]> groupConsumer(String provider) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, ProviderWorker.groupId(provider));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every failure report on the fallback topic. */
    private List<AttemptFailed> failures(Topics topics) {
        String topic = topics.fallback().name();
        AvroSerde<AttemptFailed> serde = topics.fallback().valueSerde(registry);
        List<AttemptFailed> all = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(serde.deserialize(topic, r.value())));
            }
        }
        return all;
    }

    private int countRecords(String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition).intValue();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
