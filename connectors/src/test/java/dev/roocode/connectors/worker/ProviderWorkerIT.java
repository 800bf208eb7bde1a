package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.kafka.TopicReader;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.SimulatorExtension;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker on the in-JVM broker against the provider simulator. Each test uses its own topic prefix. */
@ExtendWith({KafkaSandboxExtension.class, SimulatorExtension.class})
class ProviderWorkerIT {
    private static final String PROVIDER = "sim";
    private static final int PARTITIONS = 3;
    private static final int WINDOW = 8;

    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;
    private final ProviderSimulator simulator;

    ProviderWorkerIT(EmbeddedKafka kafka, SchemaRegistryClient registry, ProviderSimulator simulator) {
        this.kafka = kafka;
        this.registry = registry;
        this.simulator = simulator;
    }

    @Test
    void shouldPublishOneOutcomePerDispatchedJob() throws Exception {
        Topics topics = createTopics("it-all.");
        List<String> ids = ids("all", 300);
        try (ProviderWorker worker = worker(topics, "sim-latency-20")) {
            worker.start();
            produceJobs(topics, ids, 0);

            List<ConsumerRecord<String, byte[]>> outcomes =
                    readUntil(topics.outcomes().name(), seen -> seen.size() >= ids.size(), Duration.ofSeconds(60));

            assertThat(outcomes).hasSize(ids.size());
            assertThat(outcomes).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ids);
            AvroSerde<AttemptSucceeded> serde = topics.outcomes().valueSerde(registry);
            AttemptSucceeded first =
                    serde.deserialize(topics.outcomes().name(), outcomes.get(0).value());
            assertThat(first.getOutput().getChoices()).isNotEmpty();
            assertThat(first.getAttempt().getProvider()).isEqualTo(PROVIDER);
            assertThat(duplicateCalls(ids)).isZero();
        }
    }

    @Test
    void shouldDeliverEveryJobWhenAWorkerCrashesAndIsReplaced() throws Exception {
        Topics topics = createTopics("it-crash.");
        List<String> ids = ids("crash", 200);
        ProviderWorker first = worker(topics, "sim-latency-100");
        first.start();
        // steady load below capacity (40 jobs/s against 8 slots x 10 calls/s): the crash hits a half-full window
        Thread producer = new Thread(() -> produceJobs(topics, ids, 25));
        producer.start();

        readUntil(topics.outcomes().name(), seen -> seen.size() >= 40, Duration.ofSeconds(60));
        first.crash();
        try (ProviderWorker second = worker(topics, "sim-latency-100")) {
            second.start();
            producer.join();

            List<ConsumerRecord<String, byte[]>> outcomes = readUntil(
                    topics.outcomes().name(),
                    seen -> new HashSet<>(keys(seen)).containsAll(ids),
                    Duration.ofSeconds(90));

            assertThat(new HashSet<>(keys(outcomes))).containsExactlyInAnyOrderElementsOf(ids);
            // about 4 calls are in flight at any moment under this load, so the crash must repeat some
            assertThat(duplicateCalls(ids))
                    .as("a crash repeats at most one window of calls")
                    .isBetween(1L, (long) WINDOW);
        }
    }

    @Test
    void shouldDeadLetterAPoisonRecordAndKeepThePartitionFlowing() throws Exception {
        Topics topics = createTopics("it-poison.");
        List<String> ids = ids("poison", 20);
        try (ProviderWorker worker = worker(topics, "sim");
                KafkaProducer<String, byte[]> producer = producer()) {
            worker.start();
            // all on partition 0: the poison record sits in front of the good ones
            producer.send(new ProducerRecord<>(topics.dispatch(PROVIDER).name(), 0, "poison-1", "not avro".getBytes()))
                    .get();
            produceJobs(topics, ids, 0, 0);

            List<ConsumerRecord<String, byte[]>> outcomes =
                    readUntil(topics.outcomes().name(), seen -> seen.size() >= ids.size(), Duration.ofSeconds(60));
            List<ConsumerRecord<String, byte[]>> dead =
                    readUntil(topics.dlq().name(), seen -> !seen.isEmpty(), Duration.ofSeconds(30));

            assertThat(keys(outcomes)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(dead).hasSize(1);
            DeadLetter letter = topics.dlq()
                    .valueSerde(registry)
                    .deserialize(topics.dlq().name(), dead.get(0).value());
            assertThat(letter.getRequestId()).isEqualTo("poison-1");
            assertThat(letter.getErrorClass()).isEqualTo(ErrorClass.INVALID_JOB);
            assertThat(letter.getPartition()).isZero();
            assertThat(new String(letter.getValue().array())).isEqualTo("not avro");
        }
    }

    @Test
    void shouldNotWaitForTheCommitIntervalWithAFastProvider() throws Exception {
        Topics topics = createTopics("it-fast.");
        List<String> first = ids("fast-a", WINDOW / 2);
        List<String> rest = ids("fast-b", 50 * WINDOW);
        try (Admin admin = admin()) {
            try (ProviderWorker worker = worker(topics, "sim", Duration.ofHours(1))) {
                worker.start();
                produceJobs(topics, first, 0, 0);
                readUntil(topics.outcomes().name(), seen -> seen.size() >= first.size(), Duration.ofSeconds(60));
                awaitCommitted(
                        admin,
                        topics,
                        seen -> seen == first.size(),
                        "half a window of finished records is committed at once");

                produceJobs(topics, rest, 0);
                readUntil(
                        topics.outcomes().name(),
                        seen -> seen.size() >= first.size() + rest.size(),
                        Duration.ofSeconds(90));
                int total = first.size() + rest.size();
                // each record holds a slot until a commit covers it: 50 windows went through in less than one interval
                awaitCommitted(
                        admin,
                        topics,
                        seen -> seen > total - WINDOW / 2,
                        "all but less than half a window committed before the interval");
            }
            assertThat(committedOffsets(admin, topics))
                    .as("a graceful close commits the rest")
                    .isEqualTo(first.size() + rest.size());
        }
        assertThat(duplicateCalls(first) + duplicateCalls(rest)).isZero();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /**
     * Records of {@code topics}' dispatch topic that the group's commits cover, over all partitions:
     * those below the committed offsets (offsets start at 0; the test producer is not transactional)
     * plus those the commit metadata lists as finished beyond them. A record that finished late behind
     * later ones leaves them listed in the metadata until the next commit. The group is shared by the
     * class's tests.
     */
    private long committedRecords(Admin admin, Topics topics) throws Exception {
        return committed(admin, topics)
                .mapToLong(commit -> commit.offset()
                        + PartitionProgress.completedInMetadata(commit.offset(), commit.metadata())
                                .size())
                .sum();
    }

    /** Records of {@code topics}' dispatch topic below the group's committed offsets, over all partitions. */
    private long committedOffsets(Admin admin, Topics topics) throws Exception {
        return committed(admin, topics).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private Stream<OffsetAndMetadata> committed(Admin admin, Topics topics) throws Exception {
        String dispatch = topics.dispatch(PROVIDER).name();
        return admin
                .listConsumerGroupOffsets(ProviderWorker.groupId(PROVIDER))
                .partitionsToOffsetAndMetadata()
                .get()
                .entrySet()
                .stream()
                .filter(e -> e.getKey().topic().equals(dispatch) && e.getValue() != null)
                .map(Map.Entry::getValue);
    }

    private void awaitCommitted(Admin admin, Topics topics, LongPredicate done, String what) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long seen = committedRecords(admin, topics);
        while (!done.test(seen)) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what + ": committed " + seen);
            }
            Thread.sleep(50);
            seen = committedRecords(admin, topics);
        }
    }

    private ProviderWorker worker(Topics topics, String model) {
        return worker(topics, model, Duration.ofMillis(10));
    }

    private ProviderWorker worker(Topics topics, String model, Duration commitInterval) {
        ProviderConfig config = provider(PROVIDER, simulator.url())
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(WINDOW).build())
                .setVersion(1)
                .build();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConnectorsConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(ConnectorsConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(ConnectorsConfig.COMMIT_INTERVAL_MS, String.valueOf(commitInterval.toMillis()));
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "500");
        models.put(topics.prefix(), model);
        return new ProviderWorker(config, null, new ConnectorsConfig(settings), registry);
    }

    private final Map<String, String> models = new HashMap<>();

    private Topics createTopics(String prefix) throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(
                            topics.dispatch(PROVIDER).newTopic(PARTITIONS, (short) 1),
                            topics.outcomes().newTopic(PARTITIONS, (short) 1),
                            topics.fallback().newTopic(PARTITIONS, (short) 1),
                            topics.dlq().newTopic(1, (short) 1)),
                    Duration.ofSeconds(30));
        }
        return topics;
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private void produceJobs(Topics topics, List<String> ids, long pauseMs) {
        produceJobs(topics, ids, pauseMs, null);
    }

    private void produceJobs(Topics topics, List<String> ids, long pauseMs, Integer partition) {
        String topic = topics.dispatch(PROVIDER).name();
        AvroSerde<DispatchedJob> serde = topics.dispatch(PROVIDER).valueSerde(registry);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (String id : ids) {
                DispatchedJob job =
                        dispatched(chatJob(id, "hello " + id).build(), PROVIDER, models.get(topics.prefix()));
                producer.send(new ProducerRecord<>(topic, partition, id, serde.serialize(topic, job)));
                if (pauseMs > 0) {
                    producer.flush();
                    Thread.sleep(pauseMs);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Reads {@code topic} from the beginning until {@code done} holds for everything read so far. */
    private List<ConsumerRecord<String, byte[]>> readUntil(
            String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return TopicReader.readUntil(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                topic,
                record -> record,
                done,
                timeout);
    }

    private static List<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).toList();
    }

    /** Calls beyond the first per request id, for this test's ids only (the simulator is shared by the class). */
    private long duplicateCalls(List<String> ids) {
        Set<String> unique = new HashSet<>(ids);
        return unique.stream()
                .mapToLong(id -> Math.max(0, simulator.callCount(id) - 1))
                .sum();
    }
}
