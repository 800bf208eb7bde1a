package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.SimulatorExtension;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.WorkerState;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

/** The runtime follows the providers topic: starts, restarts and stops workers as providers change. */
@ExtendWith({KafkaSandboxExtension.class, SimulatorExtension.class})
class ConnectorRuntimeIT {
    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;
    private final ProviderSimulator simulator;
    private final Topics topics = Topics.withPrefix("it-runtime.");

    ConnectorRuntimeIT(EmbeddedKafka kafka, SchemaRegistryClient registry, ProviderSimulator simulator) {
        this.kafka = kafka;
        this.registry = registry;
        this.simulator = simulator;
    }

    @Test
    void shouldStartRestartAndStopWorkersAsProvidersChange() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(
                            topics.providers().newTopic(1, (short) 1),
                            topics.dispatch("alpha").newTopic(2, (short) 1),
                            topics.outcomes().newTopic(2, (short) 1),
                            topics.fallback().newTopic(2, (short) 1),
                            topics.dlq().newTopic(1, (short) 1),
                            topics.providerHealth().newTopic(1, (short) 1)),
                    Duration.ofSeconds(30));
        }
        ConnectorsConfig config = new ConnectorsConfig(Map.of(
                ConnectorsConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                ConnectorsConfig.TOPIC_PREFIX, topics.prefix()));
        try (ConnectorRuntime runtime = new ConnectorRuntime(config, registry);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            runtime.start();
            publish(producer, provider("alpha", simulator.url()).setVersion(1).build());
            publish(
                    producer,
                    provider("broken", simulator.url())
                            .setType("no-such-type")
                            .setVersion(1)
                            .build());
            // written before endpoints were checked: the worker must never call it
            publish(
                    producer,
                    provider("leaky", simulator.url() + "/v1?api_key=sk-in-the-url")
                            .setVersion(1)
                            .build());
            publish(
                    producer,
                    provider("keyless", simulator.url())
                            .setVersion(3)
                            .setCredential(Credential.newBuilder()
                                    .setKind(CredentialKind.ENV)
                                    .setValue("ROOCODE_IT_UNSET_KEY")
                                    .build())
                            .build());
            await(() -> runtime.worker("alpha").isPresent());
            ProviderWorker firstWorker = runtime.worker("alpha").orElseThrow();

            String dispatch = topics.dispatch("alpha").name();
            AvroSerde<DispatchedJob> serde = topics.dispatch("alpha").valueSerde(registry);
            for (int i = 0; i < 10; i++) {
                DispatchedJob job = dispatched(chatJob("rt-" + i, "hi").build(), "alpha", "sim");
                producer.send(
                        new ProducerRecord<>(dispatch, job.getJob().getRequestId(), serde.serialize(dispatch, job)));
            }
            producer.flush();
            await(() -> countRecords(topics.outcomes().name()) >= 10);
            assertThat(runtime.providers())
                    .as("an unknown type, or an endpoint carrying a query, is skipped, not fatal")
                    .containsExactly("alpha");
            await(() -> health().keySet().containsAll(List.of("alpha", "broken", "leaky", "keyless")));
            Map<String, ProviderState> health = health();
            assertThat(health.get("keyless")).satisfies(state -> {
                assertThat(state.getWorker()).isEqualTo(WorkerState.CANNOT_START);
                assertThat(state.getWorkerReason()).isEqualTo("environment variable ROOCODE_IT_UNSET_KEY is not set");
                assertThat(state.getConfigVersion()).isEqualTo(3L);
            });
            assertThat(health.get("broken").getWorker()).isEqualTo(WorkerState.CANNOT_START);
            assertThat(health.get("leaky").getWorker()).isEqualTo(WorkerState.CANNOT_START);
            assertThat(health.get("leaky").getWorkerReason()).doesNotContain("sk-in-the-url");
            assertThat(health.get("alpha").getWorker()).isEqualTo(WorkerState.RUNNING);

            publish(producer, provider("alpha", simulator.url()).setVersion(2).build());
            await(() -> runtime.worker("alpha").filter(w -> w != firstWorker).isPresent());
            assertThat(runtime.worker("alpha").orElseThrow().provider().getVersion())
                    .isEqualTo(2);

            ProviderWorker crashed = runtime.worker("alpha").orElseThrow();
            crashed.crash();
            await(() -> runtime.worker("alpha").filter(w -> w != crashed).isPresent());

            publish(
                    producer,
                    provider("alpha", simulator.url())
                            .setVersion(3)
                            .setStatus(ProviderStatus.INACTIVE)
                            .build());
            await(() -> runtime.worker("alpha").isEmpty());

            publish(producer, provider("alpha", simulator.url()).setVersion(4).build());
            await(() -> runtime.worker("alpha").isPresent());
            producer.send(new ProducerRecord<>(topics.providers().name(), "alpha", null))
                    .get();
            await(() -> runtime.worker("alpha").isEmpty());
        }
    }

    @Test
    void shouldStartWorkersWhenTheBrokerAnswersOnlyAfterTheRuntimeStarted() throws Exception {
        // as after a SIGKILL of broker and connectors, or on a starved machine: the first metadata requests time out
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Topics late = Topics.withPrefix("it-late.");
        ConnectorsConfig config = new ConnectorsConfig(Map.of(
                ConnectorsConfig.BOOTSTRAP_SERVERS, "localhost:" + port, ConnectorsConfig.TOPIC_PREFIX, late.prefix()));
        try (ConnectorRuntime runtime = new ConnectorRuntime(config, registry)) {
            runtime.start();
            Thread.sleep(7_000); // longer than one metadata request's 5 s timeout
            try (EmbeddedKafka broker =
                            EmbeddedKafka.builder().port(port).build().start();
                    Admin admin = Admin.create(
                            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                            new StringSerializer(),
                            new ByteArraySerializer())) {
                TopicAdmin.createAndAwait(
                        admin,
                        List.of(
                                late.providers().newTopic(1, (short) 1),
                                late.dispatch("alpha").newTopic(1, (short) 1),
                                late.outcomes().newTopic(1, (short) 1),
                                late.fallback().newTopic(1, (short) 1),
                                late.dlq().newTopic(1, (short) 1),
                                late.providerHealth().newTopic(1, (short) 1)),
                        Duration.ofSeconds(30));
                String topic = late.providers().name();
                ProviderConfig alpha =
                        provider("alpha", simulator.url()).setVersion(1).build();
                producer.send(new ProducerRecord<>(
                                topic,
                                "alpha",
                                late.providers().valueSerde(registry).serialize(topic, alpha)))
                        .get();
                await(() -> runtime.worker("alpha").isPresent());
                runtime.close(); // while the broker still answers, so its workers stop at once
            }
        }
    }

    private void publish(KafkaProducer<String, byte[]> producer, ProviderConfig config) throws Exception {
        String topic = topics.providers().name();
        producer.send(new ProducerRecord<>(
                        topic,
                        config.getName(),
                        topics.providers().valueSerde(registry).serialize(topic, config)))
                .get();
    }

    /** The last provider-health record of each provider. */
    private Map<String, ProviderState> health() {
        String topic = topics.providerHealth().name();
        AvroSerde<ProviderState> serde = topics.providerHealth().valueSerde(registry);
        Map<String, ProviderState> latest = new HashMap<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> latest.put(r.key(), serde.deserialize(topic, r.value())));
            }
        }
        return latest;
    }

    private int countRecords(String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            return consumer.endOffsets(partitions).values().stream()
                    .mapToInt(Long::intValue)
                    .sum();
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
