package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.processor.intake.JobPlacement;
import dev.roocode.processor.requests.RequestState;
import dev.roocode.processor.topology.RoocodeTopology;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs from clients that do not partition like Java's default (librdkafka's CRC32, as Confluent's Python,
 * Go, .NET and Node clients and kcat do; round-robin) on 4 partitions: each requestId still gets one Result,
 * its request state lives in one partition (the one the workers' outcomes reach) and ends done, and a
 * resubmission with yet another partitioner neither calls the provider again nor answers again.
 */
class ForeignPartitionerIT {
    private static final int PARTITIONS = SharedStack.Kind.ORDINARY.partitions;
    private static final int JOBS = 600;
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final SharedStack SHARED = SharedStack.ordinary();

    static EmbeddedStack stack;
    static RoocodeClient client;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SHARED.stack();
        client = new RoocodeClient(new ClientConfig(stack.clientProperties()), stack.registry());
    }

    @AfterAll
    static void stopStack() {
        if (client != null) {
            client.close();
        }
        // the shared stack stops when the JVM's tests end
    }

    @Test
    void shouldKeepOneRequestStateAndOneResultPerRequestIdWhateverTheClientsPartitioner() throws Exception {
        String batch = "crc-" + UUID.randomUUID().toString().substring(0, 8);
        List<Job> jobs = Jobs.batch(batch, JOBS, "gpt-4o-mini");
        long misplaced = jobs.stream()
                .filter(j -> Crc32Partitioner.partitionOf(key(j), PARTITIONS) != home(j.getRequestId()))
                .count();
        assertThat(misplaced).as("jobs CRC32 puts elsewhere than murmur2").isGreaterThan(JOBS / 2);

        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            send(jobs, Crc32Partitioner.class);
            Map<String, List<Result>> results = collect(reader, r -> r.size() >= JOBS, new HashMap<>());
            collectMore(reader, results, Duration.ofSeconds(2));
            assertExactlyOneResultEach(jobs, results);
            assertThat(results.values())
                    .allSatisfy(r -> assertThat(r.get(0).getStatus()).isEqualTo(ResultStatus.SUCCEEDED));

            // the done state of each requestId and its Result commit in one transaction: both are visible now
            Map<String, Map<Integer, RequestState>> states = requestStates(batch);
            assertThat(states.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            jobs.stream().map(Job::getRequestId).toList());
            assertThat(states)
                    .as("partitions holding each requestId's state, and the state")
                    .allSatisfy((id, byPartition) -> {
                        assertThat(byPartition.keySet()).as(id).containsExactly(home(id));
                        assertThat(byPartition.get(home(id)).done())
                                .as(id + " done")
                                .isTrue();
                    });

            // resubmitted round-robin, then once more as a Java client would: nothing is dispatched or answered again
            send(jobs, RoundRobinPartitioner.class);
            send(jobs, null);
            // a poison record under a finished requestId, on a partition other than its home: dead-lettered, not
            // answered
            Job finished = jobs.stream()
                    .filter(j -> Crc32Partitioner.partitionOf(key(j), PARTITIONS) != home(j.getRequestId()))
                    .findFirst()
                    .orElseThrow();
            RecordMetadata poison = sendRaw(finished.getRequestId(), "not a job".getBytes(StandardCharsets.UTF_8));
            awaitProcessorCaughtUpOnJobs();
            // every hop of the resubmissions is on the hop topic now; markers hopping to each partition come after them
            List<Job> markers = hoppingMarkerPerPartition(batch);
            send(markers, Crc32Partitioner.class);
            Map<String, List<Result>> after = collect(
                    reader, r -> markers.stream().allMatch(m -> r.containsKey(m.getRequestId())), new HashMap<>());
            collectMore(reader, after, Duration.ofSeconds(2));

            assertThat(after.keySet())
                    .as("answered after the resubmissions")
                    .containsExactlyInAnyOrderElementsOf(
                            markers.stream().map(Job::getRequestId).toList());
            Map<String, Integer> dispatches = dispatchesPerRequestId(batch);
            assertThat(jobs)
                    .allSatisfy(j -> assertThat(dispatches.get(j.getRequestId()))
                            .as("dispatches of %s", j.getRequestId())
                            .isEqualTo(1));
            assertThat(jobs)
                    .allSatisfy(j -> assertThat(stack.simulator().callCount(j.getRequestId()))
                            .as("provider calls of %s", j.getRequestId())
                            .isEqualTo(1));
            assertThat(deadLetters(finished.getRequestId())).singleElement().satisfies(l -> {
                assertThat(l.getSourceTopic()).isEqualTo(stack.topics().jobs().name());
                assertThat(l.getPartition()).isEqualTo(poison.partition());
                assertThat(l.getOffset()).isEqualTo(poison.offset());
            });
        }
    }

    // --- helpers

    private static byte[] key(Job job) {
        return job.getRequestId().getBytes(StandardCharsets.UTF_8);
    }

    /** The partition of a requestId's state: where the Java producer's default partitioner (the workers') puts it. */
    private static int home(String requestId) {
        return JobPlacement.partitionOf(requestId.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    /** Sends {@code jobs} through a producer with {@code partitioner} (null: the Java default) and waits for the acks. */
    private static void send(List<Job> jobs, Class<? extends Partitioner> partitioner) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"));
        if (partitioner != null) {
            props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner.getName());
        }
        AvroSerde<Job> serde = stack.topics().jobs().valueSerde(stack.registry());
        String topic = stack.topics().jobs().name();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Job job : jobs) {
                sends.add(producer.send(new ProducerRecord<>(topic, job.getRequestId(), serde.serialize(topic, job))));
            }
            for (Future<RecordMetadata> sent : sends) {
                sent.get();
            }
        }
    }

    /** Sends raw bytes under {@code requestId} with the CRC32 partitioner. */
    private static RecordMetadata sendRaw(String requestId, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ProducerConfig.PARTITIONER_CLASS_CONFIG,
                        Crc32Partitioner.class.getName()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(stack.topics().jobs().name(), requestId, value))
                    .get();
        }
    }

    /** One new job per partition that CRC32 puts elsewhere than its home, so each takes the hop to that partition. */
    private static List<Job> hoppingMarkerPerPartition(String batch) {
        List<Job> markers = new ArrayList<>();
        boolean[] covered = new boolean[PARTITIONS];
        for (int i = 0; markers.size() < PARTITIONS; i++) {
            String id = batch + "/marker-" + i;
            int home = home(id);
            if (!covered[home]
                    && Crc32Partitioner.partitionOf(id.getBytes(StandardCharsets.UTF_8), PARTITIONS) != home) {
                covered[home] = true;
                markers.add(Jobs.chat(id, batch, "gpt-4o-mini"));
            }
        }
        return markers;
    }

    /** Waits until the processor has committed past every record on the jobs topic (no transactions there: offsets are records). */
    private static void awaitProcessorCaughtUpOnJobs() throws Exception {
        String group = applicationId();
        String topic = stack.topics().jobs().name();
        try (Admin admin = Admin.create(stack.clientProperties())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                if (ends.entrySet().stream()
                        .allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue())) {
                    return;
                }
                assertThat(System.nanoTime())
                        .as("processor committed %s of jobs ends %s", committed, ends)
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /**
     * requestId → partition → its latest state in the requests store's changelog, for the batch's ids (an
     * id deleted from a partition is absent there).
     */
    private static Map<String, Map<Integer, RequestState>> requestStates(String batch) {
        String changelog = applicationId() + "-" + RoocodeTopology.REQUESTS_STORE + "-changelog";
        var serde = RequestState.serde().deserializer();
        Map<String, Map<Integer, RequestState>> states = new TreeMap<>();
        readAll(changelog, record -> {
            String id = new String(record.key(), StandardCharsets.UTF_8);
            if (!id.startsWith(batchPrefix(batch))) {
                return;
            }
            Map<Integer, RequestState> byPartition = states.computeIfAbsent(id, k -> new TreeMap<>());
            if (record.value() == null) {
                byPartition.remove(record.partition());
            } else {
                byPartition.put(record.partition(), serde.deserialize(changelog, record.value()));
            }
        });
        states.values().removeIf(Map::isEmpty);
        return states;
    }

    /** The processor's application id: its consumer group and the prefix of its changelog topics. */
    private static String applicationId() {
        return stack.processor().config().getString(ProcessorConfig.APPLICATION_ID);
    }

    private static String batchPrefix(String batch) {
        return batch + "/";
    }

    /** requestId → how many DispatchedJobs the processor wrote for it, for the batch's ids. */
    private static Map<String, Integer> dispatchesPerRequestId(String batch) {
        String topic = stack.topics().dispatch(EmbeddedStack.SIMULATOR_PROVIDER).name();
        AvroSerde<DispatchedJob> serde =
                stack.topics().dispatch(EmbeddedStack.SIMULATOR_PROVIDER).valueSerde(stack.registry());
        Map<String, Integer> counts = new HashMap<>();
        readAll(topic, record -> {
            String id = serde.deserialize(topic, record.value()).getJob().getRequestId();
            if (id.startsWith(batchPrefix(batch))) {
                counts.merge(id, 1, Integer::sum);
            }
        });
        return counts;
    }

    private static List<DeadLetter> deadLetters(String requestId) {
        String topic = stack.topics().dlq().name();
        AvroSerde<DeadLetter> serde = stack.topics().dlq().valueSerde(stack.registry());
        List<DeadLetter> letters = new ArrayList<>();
        readAll(topic, record -> {
            DeadLetter letter = serde.deserialize(topic, record.value());
            if (requestId.equals(letter.getRequestId())) {
                letters.add(letter);
            }
        });
        return letters;
    }

    /** Every committed record of {@code topic}, from the beginning to the end it has now. */
    private static void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "isolation.level", "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("reading %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    private static Map<String, List<Result>> collect(
            ResultReader reader, Predicate<Map<String, List<Result>>> done, Map<String, List<Result>> results) {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (!done.test(results)) {
            assertThat(System.nanoTime())
                    .as("only %d requestIds answered within %s", results.size(), RESULT_TIMEOUT)
                    .isLessThan(deadline);
            for (Result result : reader.poll(Duration.ofMillis(200))) {
                results.computeIfAbsent(result.getRequestId(), id -> new ArrayList<>())
                        .add(result);
            }
        }
        return results;
    }

    private static void collectMore(ResultReader reader, Map<String, List<Result>> results, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            for (Result result : reader.poll(Duration.ofMillis(200))) {
                results.computeIfAbsent(result.getRequestId(), id -> new ArrayList<>())
                        .add(result);
            }
        }
    }

    private static void assertExactlyOneResultEach(List<Job> jobs, Map<String, List<Result>> results) {
        List<String> ids = jobs.stream().map(Job::getRequestId).toList();
        assertThat(results.keySet())
                .as("distinct requestIds answered")
                .containsAll(ids)
                .hasSize(ids.size());
        assertThat(results.values())
                .as("Results per requestId")
                .allSatisfy(r -> assertThat(r).hasSize(1));
    }
}
