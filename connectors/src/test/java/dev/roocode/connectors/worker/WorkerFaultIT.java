package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.SimulatorExtension;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.RetryPolicy;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker against the simulator's faults. Each test checks that every job is answered exactly once
 * (on outcomes or fallback: none lost, none twice) and that the simulator's call counter shows no
 * call beyond the retry policy (3 calls per job).
 */
@ExtendWith({KafkaSandboxExtension.class, SimulatorExtension.class})
class WorkerFaultIT {
    private static final String PROVIDER = "sim";
    private static final int MAX_CALLS = 3;
    private static final int JOBS = 30;
    /** sim-429 reports a limit of 60 requests a minute, which the worker then keeps to: fewer jobs for storms. */
    private static final int STORM_JOBS = 12;

    private final EmbeddedKafka kafka;
    private final SchemaRegistryClient registry;
    private final ProviderSimulator simulator;
    private final ExecutorService http = Executors.newFixedThreadPool(2);

    WorkerFaultIT(EmbeddedKafka kafka, SchemaRegistryClient registry, ProviderSimulator simulator) {
        this.kafka = kafka;
        this.registry = registry;
        this.simulator = simulator;
    }

    @AfterEach
    void stopHttp() {
        http.shutdownNow();
    }

    @Test
    void shouldPauseOn429StormsWithRetryAfterAndNeverCallBeyondThePolicy() throws Exception {
        Answers answers = run("f429.", "sim-429", null, STORM_JOBS);

        assertThat(answers.failedWith(ErrorClass.RATE_LIMITED)).hasSize(STORM_JOBS);
        answers.ids().forEach(id -> assertThat(simulator.callCount(id)).isBetween(1, MAX_CALLS));
    }

    @Test
    void shouldPauseOn429StormsWithoutRetryAfter() throws Exception {
        Function<ScheduledExecutorService, Transport> stripped = timer -> {
            HttpTransport real = new HttpTransport(http, timer, Clock.systemUTC(), Duration.ofSeconds(2));
            return (call, timeout) -> real.send(call, timeout).thenApply(answer -> {
                Map<String, List<String>> headers = new HashMap<>(answer.headers());
                headers.keySet().removeIf(name -> name.startsWith("retry-after") || name.startsWith("x-ratelimit"));
                return new HttpAnswer(answer.status(), headers, answer.body(), answer.receivedAt());
            });
        };
        Answers answers = run("f429n.", "sim-429", stripped, STORM_JOBS);

        assertThat(answers.failedWith(ErrorClass.RATE_LIMITED)).hasSize(STORM_JOBS);
        answers.ids().forEach(id -> assertThat(simulator.callCount(id)).isBetween(1, MAX_CALLS));
    }

    @Test
    void shouldRetry500And503BurstsUpToThePolicy() throws Exception {
        Answers answers = run("f503.", "sim-flaky-40", null, JOBS);

        answers.ids().forEach(id -> assertThat(simulator.callCount(id)).isBetween(0, MAX_CALLS));
        assertThat(answers.succeeded()).isNotEmpty();
        assertThat(answers.failedWith(ErrorClass.PROVIDER_ERROR))
                .as("a 500 is retried like a 503: only the last call of the budget ends the attempt")
                .allSatisfy(id -> assertThat(answers.calls(id))
                        .isEqualTo(simulator.callCount(id))
                        .isEqualTo(MAX_CALLS));
    }

    @Test
    void shouldRetryConnectionResets() throws Exception {
        Answers answers = run("freset.", "sim-reset-30", null, JOBS);

        answers.ids().forEach(id -> assertThat(simulator.callCount(id)).isBetween(0, MAX_CALLS));
        assertThat(answers.succeeded()).isNotEmpty();
    }

    @Test
    void shouldSendMalformedAnswersToFallbackWithoutRetrying() throws Exception {
        Answers answers = run("fmal.", "sim-malformed-30", null, JOBS);

        assertThat(answers.failedWith(ErrorClass.INVALID_RESPONSE))
                .isNotEmpty()
                .allSatisfy(id -> assertThat(simulator.callCount(id)).isEqualTo(1));
        assertThat(answers.succeeded().size()
                        + answers.failedWith(ErrorClass.INVALID_RESPONSE).size())
                .isEqualTo(JOBS);
    }

    @Test
    void shouldTimeOutCallsThatNeverAnswer() throws Exception {
        Answers answers = run("ftimeout.", "sim-timeout", null, JOBS);

        // the circuit opens after minimumCalls (20) timeouts: a retry or a later job then fails at once, without a call
        assertThat(answers.failedWith(ErrorClass.TIMEOUT))
                .isNotEmpty()
                .allSatisfy(id -> assertThat(simulator.callCount(id)).isEqualTo(MAX_CALLS));
        assertThat(answers.failedWith(ErrorClass.TIMEOUT).size()
                        + answers.failedWith(ErrorClass.PROVIDER_UNAVAILABLE).size())
                .isEqualTo(JOBS);
        assertThat(answers.failedWith(ErrorClass.PROVIDER_UNAVAILABLE))
                .isNotEmpty()
                .allSatisfy(id -> assertThat(simulator.callCount(id))
                        .isLessThan(MAX_CALLS)
                        .isEqualTo(answers.calls(id)))
                .anySatisfy(id -> assertThat(simulator.callCount(id)).isZero());
    }

    private Answers run(String prefix, String model, Function<ScheduledExecutorService, Transport> transport, int jobs)
            throws Exception {
        Topics topics = Topics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(
                            topics.dispatch(PROVIDER).newTopic(3, (short) 1),
                            topics.outcomes().newTopic(1, (short) 1),
                            topics.fallback().newTopic(1, (short) 1),
                            topics.dlq().newTopic(1, (short) 1),
                            topics.providerHealth().newTopic(1, (short) 1)),
                    Duration.ofSeconds(30));
        }
        ProviderConfig config = provider(PROVIDER, simulator.url())
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(8).build())
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(MAX_CALLS)
                        .setInitialBackoffMs(50)
                        .setMaxBackoffMs(2_000)
                        .setMultiplier(2.0)
                        .build())
                .setTimeoutMs(500)
                .build();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConnectorsConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(ConnectorsConfig.TOPIC_PREFIX, topics.prefix());
        settings.put(ConnectorsConfig.COMMIT_INTERVAL_MS, "10");
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "500");
        List<String> ids = IntStream.range(0, jobs).mapToObj(i -> prefix + i).toList();
        try (ProviderWorker worker = new ProviderWorker(
                config,
                ProviderAdapters.forType(config.getType()),
                null,
                new ConnectorsConfig(settings),
                registry,
                Clock.systemUTC(),
                transport)) {
            worker.start();
            produce(topics, ids, model);
            return read(topics, ids, Duration.ofSeconds(90));
        }
    }

    private void produce(Topics topics, List<String> ids, String model) {
        String topic = topics.dispatch(PROVIDER).name();
        AvroSerde<DispatchedJob> serde = topics.dispatch(PROVIDER).valueSerde(registry);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>(
                        topic,
                        id,
                        serde.serialize(
                                topic, dispatched(chatJob(id, "hello " + id).build(), PROVIDER, model))));
            }
        }
    }

    /** Reads outcomes and fallback until every job has an answer, then a little longer to catch a second one. */
    private Answers read(Topics topics, List<String> ids, Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(
                    new TopicPartition(topics.outcomes().name(), 0),
                    new TopicPartition(topics.fallback().name(), 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long until = System.nanoTime() + timeout.toNanos();
            long graceUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(until, graceUntil)) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                if (graceUntil == Long.MAX_VALUE
                        && seen.stream()
                                .map(ConsumerRecord::key)
                                .collect(Collectors.toSet())
                                .containsAll(ids)) {
                    graceUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        Answers answers = new Answers(topics, seen);
        assertThat(answers.keys()).as("every job answered exactly once").containsExactlyInAnyOrderElementsOf(ids);
        return answers;
    }

    private final class Answers {
        private final List<String> keys = new ArrayList<>();
        private final List<String> succeeded = new ArrayList<>();
        private final Map<ErrorClass, List<String>> failed = new HashMap<>();
        private final Map<String, Integer> calls = new HashMap<>();

        Answers(Topics topics, List<ConsumerRecord<String, byte[]>> records) {
            AvroSerde<AttemptFailed> serde = topics.fallback().valueSerde(registry);
            for (ConsumerRecord<String, byte[]> record : records) {
                keys.add(record.key());
                if (record.topic().equals(topics.outcomes().name())) {
                    succeeded.add(record.key());
                } else {
                    AttemptFailed value = serde.deserialize(record.topic(), record.value());
                    failed.computeIfAbsent(value.getError().getErrorClass(), c -> new ArrayList<>())
                            .add(record.key());
                    calls.put(record.key(), value.getAttempt().getCalls());
                }
            }
        }

        List<String> keys() {
            return keys;
        }

        List<String> ids() {
            return keys;
        }

        /** The calls a failed attempt reports having made. */
        int calls(String id) {
            return calls.get(id);
        }

        List<String> succeeded() {
            return succeeded;
        }

        List<String> failedWith(ErrorClass errorClass) {
            return failed.getOrDefault(errorClass, List.of());
        }
    }
}
