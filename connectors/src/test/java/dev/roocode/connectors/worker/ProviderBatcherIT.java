package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.batch.BatchApiFactory;
import dev.roocode.connectors.batch.FakeBatchApi;
import dev.roocode.connectors.batch.ProviderBatchApi;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
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

/**
 * The connectors' batcher on the broker, with an in-memory provider batch API: a connectors runtime crashed
 * mid-batch and a new one started leave every job with exactly one outcome and no group submitted twice.
 */
@ExtendWith(KafkaSandboxExtension.class)
class ProviderBatcherIT {
    private static final String PROVIDER = "cheap";

    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;

    ProviderBatcherIT(EmbeddedKafka kafka, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void shouldGiveEveryJobExactlyOneOutcomeAndSubmitNoGroupTwiceWhenTheConnectorsCrashMidBatch() throws Exception {
        Topics topics = createTopics("it-batcher-a.");
        FakeBatchApi api = new FakeBatchApi().statusCallsToEnd(2).holdOpen();
        publish(
                topics,
                provider(PROVIDER, "http://localhost:1")
                        .setBatch(BatchEndpoint.newBuilder()
                                .setMaxLines(10)
                                .setMaxAgeMs(300)
                                .build())
                        .setVersion(1)
                        .build());
        List<String> ids = new ArrayList<>(queue(topics, 0, 45));
        api.failLine(ids.get(3)).failLine(ids.get(17));

        ConnectorRuntime first = new ConnectorRuntime(config(topics), registry).batchApis(factory(api));
        first.start();
        // crash while the provider holds the submitted batches open: the new runtime must resume them, not resubmit
        await(() -> api.batches().size() >= 4);
        first.crash();
        int submittedBeforeCrash = api.batches().size();
        assertThat(answered(topics)).isEmpty();
        ids.addAll(queue(topics, 45, 15));
        api.release();

        try (ConnectorRuntime second = new ConnectorRuntime(config(topics), registry).batchApis(factory(api))) {
            second.start();
            await(() -> answered(topics).size() >= ids.size());
            Thread.sleep(1_000); // anything more (a duplicate) would show now
        }

        List<String> answers = answered(topics);
        assertThat(answers).as("one outcome per job").hasSize(ids.size());
        assertThat(answers).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(api.submitsByGroup().values()).as("no group submitted twice").allMatch(n -> n == 1);
        assertThat(api.batches().size()).isGreaterThan(submittedBeforeCrash);
        assertThat(failures(topics))
                .extracting(f -> f.getDispatched().getJob().getRequestId())
                .containsExactlyInAnyOrder(ids.get(3), ids.get(17));
        assertThat(outcomes(topics))
                .allSatisfy(o -> assertThat(o.getAttempt().getProvider()).isEqualTo(PROVIDER + ":batch"));
    }

    private static BatchApiFactory factory(ProviderBatchApi api) {
        return new BatchApiFactory() {
            @Override
            public boolean supports(String type) {
                return true;
            }

            @Override
            public ProviderBatchApi create(ProviderConfig provider, String apiKey) {
                return api;
            }
        };
    }

    private Topics createTopics(String prefix) throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(
                            topics.providers().newTopic(1, (short) 1),
                            topics.outcomes().newTopic(1, (short) 1),
                            topics.fallback().newTopic(1, (short) 1),
                            topics.dlq().newTopic(1, (short) 1),
                            topics.providerHealth().newTopic(1, (short) 1),
                            topics.providerBatches().newTopic(1, (short) 1),
                            topics.dispatch(PROVIDER).newTopic(1, (short) 1),
                            topics.batchDispatch(PROVIDER).newTopic(2, (short) 1)),
                    Duration.ofSeconds(30));
        }
        return topics;
    }

    private ConnectorsConfig config(Topics topics) {
        return new ConnectorsConfig(Map.of(
                ConnectorsConfig.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                ConnectorsConfig.TOPIC_PREFIX,
                topics.prefix(),
                ConnectorsConfig.BATCH_POLL_INITIAL_MS,
                100L,
                ConnectorsConfig.BATCH_POLL_MAX_MS,
                200L));
    }

    /** Puts {@code count} jobs on the batch dispatch topic, over both partitions, and returns their requestIds. */
    private List<String> queue(Topics topics, int first, int count) throws Exception {
        String topic = topics.batchDispatch(PROVIDER).name();
        AvroSerde<DispatchedJob> serde = topics.batchDispatch(PROVIDER).valueSerde(registry);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = first; i < first + count; i++) {
                String model = i % 3 == 0 ? "model-b" : "model-a";
                DispatchedJob job = dispatched(chatJob("job-" + i, "hi").build(), PROVIDER + ":batch", model);
                ids.add(job.getJob().getRequestId());
                producer.send(new ProducerRecord<>(topic, i % 2, "job-" + i, serde.serialize(topic, job)))
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

    /** The requestIds of every committed outcome and fallback report, duplicates included. */
    private List<String> answered(Topics topics) {
        List<String> all = new ArrayList<>();
        outcomes(topics).forEach(o -> all.add(o.getDispatched().getJob().getRequestId()));
        failures(topics).forEach(f -> all.add(f.getDispatched().getJob().getRequestId()));
        return all;
    }

    private List<AttemptSucceeded> outcomes(Topics topics) {
        AvroSerde<AttemptSucceeded> serde = topics.outcomes().valueSerde(registry);
        return read(
                topics.outcomes().name(),
                bytes -> serde.deserialize(topics.outcomes().name(), bytes));
    }

    private List<AttemptFailed> failures(Topics topics) {
        AvroSerde<AttemptFailed> serde = topics.fallback().valueSerde(registry);
        return read(
                topics.fallback().name(),
                bytes -> serde.deserialize(topics.fallback().name(), bytes));
    }

    /** Every committed record of a one-partition topic (aborted transactions are skipped, as the processor does). */
    private <T> List<T> read(String topic, Function<byte[], T> decode) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(decode.apply(r.value())));
            }
        }
        return all;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 90 s");
            }
            Thread.sleep(100);
        }
    }
}
