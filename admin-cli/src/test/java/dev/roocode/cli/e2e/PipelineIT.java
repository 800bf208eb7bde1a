package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.trace.TraceHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline on a real in-JVM broker: client → jobs → processor → dispatch.sim → worker →
 * simulator → outcomes → processor → results. The e2e ITs' {@link SharedStack} serves every test; each test runs
 * its own batch, so tests stay independent.
 */
class PipelineIT {
    private static final int PARTITIONS = SharedStack.Kind.ORDINARY.partitions;
    private static final int WINDOW = SharedStack.Kind.ORDINARY.simulatorConcurrency;
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
    void shouldDeliverExactlyOneResultPerJob() throws Exception {
        List<Job> jobs = Jobs.batch(newBatch(), 1000, "gpt-4o-mini");

        Map<String, List<Result>> results = submitAndCollect(jobs, done -> {});

        assertExactlyOneResultEach(jobs, results);
        assertThat(results.values())
                .allSatisfy(r -> assertThat(r.get(0).getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
        assertThat(results.get(jobs.get(9).getRequestId()).get(0).getOutput().getEmbeddings())
                .hasSize(2);
        assertThat(results.get(jobs.get(0).getRequestId())
                        .get(0)
                        .getOutput()
                        .getUsage()
                        .getTotalTokens())
                .isPositive();
    }

    @Test
    void shouldCarryTheClientsTraceIdOntoTheDispatchRecordTheProviderCallAndTheResult() throws Exception {
        TraceParent clientTrace = TraceParent.fresh();
        String batch = newBatch();
        Job job = Jobs.chat(batch + "/traced", batch, "gpt-4o-mini");

        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            client.submit(job, clientTrace).get();
            collect(reader, 1, RESULT_TIMEOUT, List.of(job), done -> {});
        }

        TraceParent dispatched = traceOf(
                stack.topics().dispatch(EmbeddedStack.SIMULATOR_PROVIDER).name(), job.getRequestId());
        TraceParent result = traceOf(stack.topics().results().name(), job.getRequestId());
        TraceParent call = TraceParent.parse(stack.simulator().traceparent(job.getRequestId()));
        assertThat(List.of(dispatched, call, result))
                .allSatisfy(trace -> assertThat(trace.traceId()).isEqualTo(clientTrace.traceId()));
        assertThat(List.of(clientTrace, dispatched, call, result))
                .extracting(TraceParent::parentId)
                .as("each hop sends with a span id of its own")
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldNotAnswerResubmittedRequestIdsAgain() throws Exception {
        List<Job> jobs = Jobs.batch(newBatch(), 1000, "gpt-4o-mini");
        assertExactlyOneResultEach(jobs, submitAndCollect(jobs, done -> {}));

        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            send(jobs);
            List<Job> markers = markerPerPartition(newBatch());
            send(markers);
            Map<String, List<Result>> after =
                    collect(reader, markers.size() + jobs.size(), Duration.ofSeconds(30), markers, done -> {});
            collectMore(reader, after, Duration.ofSeconds(1));
            assertThat(after.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            markers.stream().map(Job::getRequestId).toList());
        }
    }

    @Test
    void shouldKeepOneResultPerJobWhenWorkerCrashesMidRun() throws Exception {
        List<Job> jobs = Jobs.batch(newBatch(), 1000, "sim-latency-40");
        boolean[] crashed = {false};

        Map<String, List<Result>> results = submitAndCollect(jobs, done -> {
            if (!crashed[0] && done >= 250) {
                crashed[0] = true;
                stack.restartConnectors(true);
            }
        });

        assertThat(crashed[0]).isTrue();
        assertExactlyOneResultEach(jobs, results);
        assertThat(duplicateCalls(jobs))
                .as("provider calls repeated after the crash")
                .isLessThanOrEqualTo(WINDOW);
    }

    @Test
    void shouldKeepOneResultPerJobWhenProcessorRestartsMidRun() throws Exception {
        List<Job> jobs = Jobs.batch(newBatch(), 1000, "sim-latency-20");
        boolean[] restarted = {false};

        Map<String, List<Result>> results = submitAndCollect(jobs, done -> {
            if (!restarted[0] && done >= 300) {
                restarted[0] = true;
                try {
                    stack.restartProcessor();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        assertThat(restarted[0]).isTrue();
        assertExactlyOneResultEach(jobs, results);
        assertThat(duplicateCalls(jobs))
                .as("provider calls repeated after the restart")
                .isLessThanOrEqualTo(WINDOW);
    }

    @Test
    void shouldDeadLetterPoisonJobsAndKeepThePartitionFlowing() throws Exception {
        String batch = newBatch();
        AvroSerde<Job> serde = stack.topics().jobs().valueSerde(stack.registry());
        byte[] validJob = serde.serialize(stack.topics().jobs().name(), Jobs.chat(batch + "/x", batch, "gpt-4o-mini"));
        byte[] truncated = Arrays.copyOf(validJob, 9);
        byte[] unknownSchema =
                ByteBuffer.allocate(12).put((byte) 0).putInt(987_654).putInt(42).array();
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put(batch + "/not-avro", "{\"model\": \"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8));
        poison.put(batch + "/unknown-schema", unknownSchema);
        poison.put(batch + "/truncated", truncated);
        List<Job> valid = Jobs.batch(batch + "-ok", 20, "gpt-4o-mini");

        try (ResultReader reader =
                        client.readResultsFromNow(stack.topics().results().name());
                KafkaConsumer<String, byte[]> dlq = dlqConsumerFromNow()) {
            try (KafkaProducer<String, byte[]> producer = rawProducer()) {
                poison.forEach((key, value) ->
                        producer.send(new ProducerRecord<>(stack.topics().jobs().name(), key, value)));
                producer.send(new ProducerRecord<>(
                        stack.topics().jobs().name(), null, "no key at all".getBytes(StandardCharsets.UTF_8)));
            }
            send(valid);
            List<Job> expected = new ArrayList<>(valid);
            Map<String, List<Result>> results =
                    collect(reader, valid.size() + poison.size(), RESULT_TIMEOUT, null, done -> {});

            for (String key : poison.keySet()) {
                assertThat(results.get(key)).as(key).singleElement().satisfies(r -> {
                    assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
                    assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_JOB);
                });
            }
            assertThat(expected)
                    .allSatisfy(j -> assertThat(results.get(j.getRequestId()))
                            .singleElement()
                            .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED)));

            List<DeadLetter> letters = readDeadLetters(dlq, poison.size() + 1);
            assertThat(letters)
                    .extracting(DeadLetter::getRequestId)
                    .containsExactlyInAnyOrder(
                            batch + "/not-avro", batch + "/unknown-schema", batch + "/truncated", null);
            DeadLetter notAvro = letters.stream()
                    .filter(l -> (batch + "/not-avro").equals(l.getRequestId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(StandardCharsets.UTF_8.decode(notAvro.getValue()).toString())
                    .isEqualTo("{\"model\": \"gpt-4o-mini\"}");
            assertThat(notAvro.getSourceTopic()).isEqualTo(stack.topics().jobs().name());
            assertThat(notAvro.getReason()).contains("magic byte");
            assertThat(letters)
                    .filteredOn(l -> (batch + "/unknown-schema").equals(l.getRequestId()))
                    .singleElement()
                    .satisfies(l -> assertThat(l.getReason()).contains("unknown schema id 987654"));
        }
    }

    // --- helpers

    private static long duplicateCalls(List<Job> jobs) {
        return jobs.stream()
                .mapToLong(j -> Math.max(0, stack.simulator().callCount(j.getRequestId()) - 1))
                .sum();
    }

    private static String newBatch() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, List<Result>> submitAndCollect(List<Job> jobs, IntConsumer onProgress) throws Exception {
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            send(jobs);
            Map<String, List<Result>> results = collect(reader, jobs.size(), RESULT_TIMEOUT, null, onProgress);
            // keep listening a little: a duplicate Result would arrive now, if ever
            collectMore(reader, results, Duration.ofSeconds(2));
            return results;
        }
    }

    private static void send(List<Job> jobs) throws Exception {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        jobs.forEach(job -> sends.add(client.submit(job)));
        client.flush();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
    }

    /** Collects Results until {@code expected} distinct requestIds (or all of {@code until}) are answered. */
    private static Map<String, List<Result>> collect(
            ResultReader reader, int expected, Duration timeout, List<Job> until, IntConsumer onProgress) {
        Map<String, List<Result>> results = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Result result : reader.poll(Duration.ofMillis(200))) {
                results.computeIfAbsent(result.getRequestId(), id -> new ArrayList<>())
                        .add(result);
            }
            onProgress.accept(results.size());
            if (until != null
                    ? until.stream().allMatch(j -> results.containsKey(j.getRequestId()))
                    : results.size() >= expected) {
                return results;
            }
        }
        throw new AssertionError("only " + results.size() + " of " + expected + " results within " + timeout);
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

    /** One job whose requestId hashes to each jobs partition, so all partitions are drained past what came before. */
    private static List<Job> markerPerPartition(String batch) {
        List<Job> markers = new ArrayList<>();
        boolean[] covered = new boolean[PARTITIONS];
        for (int i = 0; markers.size() < PARTITIONS; i++) {
            String id = batch + "/marker-" + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (!covered[partition]) {
                covered[partition] = true;
                markers.add(Jobs.chat(id, batch, "gpt-4o-mini"));
            }
        }
        return markers;
    }

    /** The {@code traceparent} header of the record with {@code key} on {@code topic} (read from its beginning). */
    private static TraceParent traceOf(String topic, String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "isolation.level", "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        TraceParent trace = TraceHeaders.read(record.headers());
                        assertThat(trace).as("traceparent on %s", topic).isNotNull();
                        return trace;
                    }
                }
            }
        }
        throw new AssertionError("no record " + key + " on " + topic);
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> dlqConsumerFromNow() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "isolation.level", "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer
                .partitionsFor(stack.topics().dlq().name())
                .stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static List<DeadLetter> readDeadLetters(KafkaConsumer<String, byte[]> consumer, int expected) {
        AvroSerde<DeadLetter> serde = stack.topics().dlq().valueSerde(stack.registry());
        List<DeadLetter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (letters.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                letters.add(serde.deserialize(record.topic(), record.value()));
            }
        }
        return letters;
    }
}
