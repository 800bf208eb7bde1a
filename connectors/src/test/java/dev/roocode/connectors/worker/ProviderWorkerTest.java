package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleAdapter;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryException;
import java.net.ConnectException;
import org.apache.avro.Schema;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The worker loop against MockConsumer/MockProducer: window, pause, dead letters, commit-after-ack. */
class ProviderWorkerTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final String DISPATCH = TOPICS.dispatch("p").name();
    private static final TopicPartition TP0 = new TopicPartition(DISPATCH, 0);

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private volatile boolean registryDown;
    /** The worker's view of the registry, which a test can take offline. */
    private final SchemaRegistryClient workerRegistry = new SchemaRegistryClient() {
        @Override
        public int register(String subject, Schema schema) {
            return registry.register(subject, schema);
        }

        @Override
        public Schema getById(int id) {
            if (registryDown) {
                throw new SchemaRegistryException("GET /schemas/ids/" + id + ": registry unreachable", new ConnectException("refused"));
            }
            return registry.getById(id);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return registry.latest(subject);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
            return registry.isCompatible(subject, schema);
        }
    };
    private final AvroSerde<DispatchedJob> dispatchSerde = TOPICS.dispatch("p").valueSerde(registry);
    private final List<Map<TopicPartition, OffsetAndMetadata>> commits = new CopyOnWriteArrayList<>();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            commits.add(Map.copyOf(offsets));
            super.commitAsync(offsets, callback);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            commits.add(Map.copyOf(offsets));
            super.commitSync(offsets);
        }
    };
    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final List<Pending> calls = new CopyOnWriteArrayList<>();
    private ProviderWorker worker;

    private record Pending(HttpCall call, CompletableFuture<HttpAnswer> answer) {
        void ok() {
            answer.complete(new HttpAnswer(200, Map.of(), fixture("openai-compatible", "chat-basic.response.json")));
        }
    }

    /** The worker's window and commit interval for one test; without it, a window of 2 committing every 5 ms. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Window {
        int value();

        long commitIntervalMs();
    }

    @BeforeEach
    void start(TestInfo test) {
        Window settingsOfTest = test.getTestMethod().map(m -> m.getAnnotation(Window.class)).orElse(null);
        int window = settingsOfTest == null ? 2 : settingsOfTest.value();
        long commitInterval = settingsOfTest == null ? 5 : settingsOfTest.commitIntervalMs();
        ProviderConfig config = provider("p", "http://sim").setLimits(ProviderLimits.newBuilder().setMaxConcurrency(window).build()).build();
        ConnectorsConfig settings = new ConnectorsConfig(Map.of("bootstrap.servers", "mock:9092", "worker.commit.interval.ms",
                String.valueOf(commitInterval),
                "worker.revocation.timeout.ms", "2000", "worker.shutdown.timeout.ms", "2000"));
        KafkaClients mocks = new KafkaClients() {
            @Override
            public Consumer<String, byte[]> consumer(Map<String, Object> props) {
                assertThat(props).containsEntry("enable.auto.commit", false).containsEntry("isolation.level", "read_committed")
                        .containsEntry("group.id", "roocode-connector-p");
                return consumer;
            }

            @Override
            public Producer<String, byte[]> producer(Map<String, Object> props) {
                assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
                return producer;
            }
        };
        worker = new ProviderWorker(config, new OpenAiCompatibleAdapter(), null, settings, workerRegistry, Clock.systemUTC(),
                timer -> (call, timeout) -> {
                    CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
                    calls.add(new Pending(call, answer));
                    return answer;
                }, mocks);
        consumer.schedulePollTask(() -> {
            consumer.updateBeginningOffsets(Map.of(TP0, 0L));
            consumer.rebalance(List.of(TP0));
        });
        worker.start();
        await(() -> !consumer.assignment().isEmpty());
    }

    @AfterEach
    void stop() {
        worker.crash();
    }

    private void addJob(long offset, String requestId) {
        addJob(offset, requestId, null);
    }

    private void addJob(long offset, String requestId, String batchId) {
        byte[] value = dispatchSerde.serialize(DISPATCH, dispatched(chatJob(requestId, "hi").setBatchId(batchId).build(), "p", "m"));
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(DISPATCH, 0, offset, requestId, value)));
    }

    private String lastMetadata() {
        return commits.stream().filter(c -> c.containsKey(TP0)).reduce((a, b) -> b).map(c -> c.get(TP0).metadata()).orElse(null);
    }

    /** The last offset committed for partition 0, from the commits the worker made. */
    private Optional<Long> committed() {
        return commits.stream().filter(c -> c.containsKey(TP0)).reduce((a, b) -> b).map(c -> c.get(TP0).offset());
    }

    private static void await(BooleanSupplier condition) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void shouldCommitOnlyTheAcknowledgedContiguousPrefix() throws Exception {
        addJob(0, "r-0");
        addJob(1, "r-1");
        await(() -> calls.size() == 2);

        calls.get(1).ok();
        await(() -> producer.history().size() == 1);
        Thread.sleep(50);
        assertThat(commits).as("published but not acknowledged").isEmpty();

        producer.completeNext();
        await(() -> committed().equals(Optional.of(0L)));
        assertThat(lastMetadata()).as("offset 0 is still running; 1 is finished").isEqualTo("v1:1");

        calls.get(0).ok();
        await(() -> producer.history().size() == 2);
        Thread.sleep(50);
        assertThat(committed()).as("offset 0 published but not acknowledged").hasValue(0L);

        producer.completeNext();
        await(() -> committed().equals(Optional.of(2L)));
        assertThat(lastMetadata()).isEmpty();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly(TOPICS.outcomes().name());
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("r-1", "r-0");
    }

    @Test
    void shouldPauseTheWholeWorkerAfterA429UntilItsRetryAfter() throws Exception {
        addJob(0, "r-0");
        await(() -> calls.size() == 1);
        long limitedAt = System.nanoTime();
        calls.get(0).answer().complete(new HttpAnswer(429, Map.of("retry-after", List.of("1")),
                fixture("openai-compatible", "rate-limited.response.json")));

        await(() -> consumer.paused().contains(TP0));
        addJob(1, "r-1");
        await(() -> calls.size() == 3);

        assertThat(System.nanoTime() - limitedAt).as("no call, not even r-1's first, before the Retry-After")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1000).toNanos());
        assertThat(calls).extracting(c -> c.call().requestId()).containsExactlyInAnyOrder("r-0", "r-0", "r-1");
    }

    @Test
    void shouldPauseWhenTheWindowIsFullAndResumeWhenASlotFrees() throws Exception {
        addJob(0, "r-0");
        addJob(1, "r-1");
        await(() -> calls.size() == 2);
        await(() -> consumer.paused().contains(TP0));

        addJob(2, "r-2");
        Thread.sleep(100);
        assertThat(calls).as("window of 2 is full").hasSize(2);
        assertThat(worker.inFlight()).isEqualTo(2);

        calls.get(0).ok();
        await(() -> producer.history().size() == 1);
        Thread.sleep(100);
        assertThat(calls).as("a slot is freed by the commit, not by the answer").hasSize(2);

        producer.completeNext();
        await(() -> calls.size() == 3);
        assertThat(calls.get(2).call().headers()).containsEntry("X-Roocode-Request-Id", "r-2");
    }

    @Test
    @Window(value = 4, commitIntervalMs = 3_600_000)
    void shouldCommitAtOnceWhenFinishedRecordsHoldHalfTheWindow() throws Exception {
        addJob(0, "r-0");
        addJob(1, "r-1");
        addJob(2, "r-2");
        await(() -> calls.size() == 3);

        calls.get(0).ok();
        await(() -> producer.history().size() == 1);
        producer.completeNext();
        Thread.sleep(100);
        assertThat(commits).as("one finished record of a window of 4: the commit interval (1 h) decides").isEmpty();

        calls.get(2).ok();
        await(() -> producer.history().size() == 2);
        producer.completeNext();
        await(() -> committed().isPresent());
        assertThat(committed()).as("offset 1 is still running").hasValue(1L);
        assertThat(lastMetadata()).as("2 finished beyond it").isEqualTo("v1:1");
    }

    @Test
    @Window(value = 4, commitIntervalMs = 3_600_000)
    void shouldRunManyWindowsOfAFastProviderWithinOneCommitInterval() {
        int jobs = 40;
        int window = 4;
        for (int i = 0; i < window; i++) {
            addJob(i, "r-" + i);
        }
        for (int answered = 0; answered < jobs; answered++) {
            int next = answered;
            await(() -> calls.size() > next);
            int called = calls.size(); // read before the commit: a commit can only raise the bound
            assertThat(called - committed().orElse(0L)).as("calls beyond the committed offset: at most one window")
                    .isLessThanOrEqualTo(window);
            calls.get(answered).ok();
            await(() -> producer.history().size() > next);
            producer.completeNext();
            if (answered + window < jobs) {
                // MockConsumer hands a record out once: add the next when the window will have room for it
                addJob(answered + window, "r-" + (answered + window));
            }
        }

        assertThat(calls).extracting(c -> c.call().requestId()).as("10 windows' worth with no commit interval elapsed")
                .hasSize(jobs).doesNotHaveDuplicates();
        await(() -> committed().orElse(0L) >= jobs - 1);
    }

    @Test
    void shouldSendUndecodableRecordsToTheDlqAndKeepFlowing() {
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(DISPATCH, 0, 0L, "poison", new byte[] {1, 2, 3})));
        addJob(1, "r-1");
        await(() -> calls.size() == 1);
        calls.get(0).ok();
        await(() -> producer.history().size() == 2);
        producer.completeNext();
        producer.completeNext();

        await(() -> committed().equals(Optional.of(2L)));
        ProducerRecord<String, byte[]> dead = producer.history().get(0);
        assertThat(dead.topic()).isEqualTo(TOPICS.dlq().name());
        DeadLetter letter = TOPICS.dlq().valueSerde(registry).deserialize(dead.topic(), dead.value());
        assertThat(letter.getErrorClass()).isEqualTo(ErrorClass.INVALID_JOB);
        assertThat(letter.getOffset()).isZero();
        assertThat(letter.getSourceTopic()).isEqualTo(DISPATCH);
        assertThat(letter.getValue().array()).containsExactly(1, 2, 3);
        assertThat(letter.getReason()).contains("not Confluent-framed Avro");
    }

    @Test
    void shouldPublishFailuresToFallback() {
        addJob(0, "r-0");
        await(() -> calls.size() == 1);
        calls.get(0).answer().complete(new HttpAnswer(401, Map.of(), fixture("openai-compatible", "authentication.response.json")));

        await(() -> producer.history().size() == 1);
        assertThat(producer.history().get(0).topic()).isEqualTo(TOPICS.fallback().name());
        assertThat(producer.history().get(0).key()).isEqualTo("r-0");
    }

    @Test
    void shouldSkipAJobOfACancelledBatchAndReportItCancelledInsteadOfCallingIt() {
        CancelledBatches cancelled = new CancelledBatches();
        cancelled.add(BatchCancellation.newBuilder().setBatchId("b-stop").setReason("interrupted").setCancelledAt(java.time.Instant.now())
                .build());
        worker.skipCancelled(cancelled);
        addJob(0, "r-0", "b-stop");
        addJob(1, "r-1", "b-go");
        await(() -> calls.size() == 1 && producer.history().size() == 1);

        assertThat(calls).extracting(c -> c.call().requestId()).containsExactly("r-1");
        ProducerRecord<String, byte[]> skipped = producer.history().get(0);
        assertThat(skipped.topic()).isEqualTo(TOPICS.fallback().name());
        assertThat(skipped.key()).isEqualTo("r-0");
        AttemptFailed failed = TOPICS.fallback().valueSerde(registry).deserialize(skipped.topic(), skipped.value());
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.CANCELLED);
        assertThat(failed.getError().getMessage()).isEqualTo("batch b-stop was cancelled (interrupted)");
        assertThat(failed.getRetryable()).isFalse();
        producer.completeNext();
        await(() -> committed().equals(Optional.of(1L)));
    }

    @Test
    void shouldCommitNothingOnCrash() throws Exception {
        addJob(0, "r-0");
        await(() -> calls.size() == 1);
        calls.get(0).ok();
        await(() -> producer.history().size() == 1);

        worker.crash();
        producer.completeNext();

        assertThat(committed()).isEmpty();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldWaitForInFlightCallsAndCommitOnGracefulClose() throws Exception {
        addJob(0, "r-0");
        await(() -> calls.size() == 1);
        Thread closer = new Thread(worker::close);
        closer.start();
        Thread.sleep(50);
        assertThat(closer.isAlive()).as("close waits for the in-flight call").isTrue();

        calls.get(0).ok();
        await(() -> producer.history().size() == 1);
        producer.completeNext();
        closer.join(5_000);

        assertThat(closer.isAlive()).isFalse();
        assertThat(committed()).hasValue(1L);
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldWaitForInFlightCallsOfRevokedPartitionsAndCommitThem() {
        addJob(0, "r-0");
        addJob(1, "r-1");
        await(() -> calls.size() == 2);
        calls.get(0).ok();
        await(() -> producer.history().size() == 1);
        producer.completeNext();
        await(() -> committed().equals(Optional.of(1L)));

        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        calls.get(1).ok();
        await(() -> producer.history().size() == 2);
        producer.completeNext();

        await(() -> committed().equals(Optional.of(2L)));
        await(() -> consumer.assignment().isEmpty());
    }

    @Test
    void shouldCommitThePrefixAfterTheRevocationTimeoutAndStillPublishLateCompletions() throws Exception {
        addJob(0, "r-0");
        addJob(1, "r-1");
        await(() -> calls.size() == 2);
        calls.get(0).ok();
        await(() -> producer.history().size() == 1);
        producer.completeNext();

        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        Thread.sleep(2_500); // worker.revocation.timeout.ms is 2000
        assertThat(committed()).hasValue(1L);
        int commitsAtRevocation = commits.size();

        calls.get(1).ok();
        await(() -> producer.history().size() == 2);
        producer.completeNext();
        Thread.sleep(50);

        assertThat(producer.history().get(1).key()).as("late completion published for the finalizer to dedup").isEqualTo("r-1");
        assertThat(commits).as("but never committed by a worker that lost the partition").hasSize(commitsAtRevocation);
    }

    @Test
    void shouldWaitForAnUnreachableRegistryInsteadOfDeadLetteringValidJobs() throws Exception {
        registryDown = true;
        addJob(0, "r-0");
        Thread.sleep(300);
        assertThat(calls).isEmpty();
        assertThat(producer.history()).as("no dead letter for a registry outage").isEmpty();

        registryDown = false;
        // the worker seeked back to offset 0; a real consumer fetches it again, MockConsumer needs it re-added
        addJob(0, "r-0");
        await(() -> calls.size() == 1);
        assertThat(calls.get(0).call().headers()).containsEntry("X-Roocode-Request-Id", "r-0");
    }

    @Test
    void shouldSkipRecordsThePreviousOwnerCommittedAsFinished() throws Exception {
        // the previous owner committed offset 0 and listed 1 as finished beyond it
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        await(() -> consumer.assignment().isEmpty());
        consumer.commitSync(Map.of(TP0, new OffsetAndMetadata(0, "v1:1")));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP0));
            consumer.seek(TP0, 0);
        });
        await(() -> !consumer.assignment().isEmpty());

        addJob(0, "r-0");
        addJob(1, "r-1");
        addJob(2, "r-2");
        await(() -> calls.size() == 2);
        Thread.sleep(50);

        assertThat(calls).extracting(c -> c.call().headers().get("X-Roocode-Request-Id")).containsExactly("r-0", "r-2");
    }
}
