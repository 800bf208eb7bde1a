package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.T0;
import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.execution.ManualTime;
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
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
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

/**
 * The worker loop against MockConsumer/MockProducer: window, pause, dead letters, commit-after-ack.
 * The test drives the loop itself, one {@code pollOnce()} at a time, on a manual clock: time passes
 * only when a test advances it, or while the worker waits for outstanding outcomes (revocation,
 * close), where each wait step advances the clock and runs {@link #whileWaiting}.
 */
class ProviderWorkerTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final String DISPATCH = TOPICS.dispatch("p").name();
    private static final TopicPartition TP0 = new TopicPartition(DISPATCH, 0);
    /** More turns of the loop than any step of these tests needs: a condition not met by then never will be. */
    private static final int MAX_TURNS = 200;

    private final ManualTime time = new ManualTime(T0);
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
                throw new SchemaRegistryException(
                        "GET /schemas/ids/" + id + ": registry unreachable", new ConnectException("refused"));
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
        public synchronized void commitAsync(
                Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            commits.add(Map.copyOf(offsets));
            super.commitAsync(offsets, callback);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            commits.add(Map.copyOf(offsets));
            super.commitSync(offsets);
        }
    };
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final List<Pending> calls = new CopyOnWriteArrayList<>();
    /** Runs at each step of a wait of the worker for outstanding outcomes, after the clock moved. */
    private Runnable whileWaiting = () -> {};

    private ProviderWorker worker;

    /** A call the worker made at {@code at}, waiting for the test to answer it. */
    private final class Pending {
        final HttpCall call;
        final CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        final Instant at = time.instant();

        Pending(HttpCall call) {
            this.call = call;
        }

        HttpCall call() {
            return call;
        }

        void ok() {
            answer(200, Map.of(), "chat-basic.response.json");
        }

        void answer(int status, Map<String, List<String>> headers, String fixture) {
            answer.complete(new HttpAnswer(status, headers, fixture("openai-compatible", fixture), time.instant()));
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
        Window settingsOfTest =
                test.getTestMethod().map(m -> m.getAnnotation(Window.class)).orElse(null);
        int window = settingsOfTest == null ? 2 : settingsOfTest.value();
        long commitInterval = settingsOfTest == null ? 5 : settingsOfTest.commitIntervalMs();
        ProviderConfig config = provider("p", "http://sim")
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(window).build())
                .build();
        ConnectorsConfig settings = new ConnectorsConfig(Map.of(
                "bootstrap.servers",
                "mock:9092",
                "worker.commit.interval.ms",
                String.valueOf(commitInterval),
                "worker.revocation.timeout.ms",
                "2000",
                "worker.shutdown.timeout.ms",
                "2000"));
        KafkaClients mocks = new KafkaClients() {
            @Override
            public Consumer<String, byte[]> consumer(Map<String, Object> props) {
                assertThat(props)
                        .containsEntry("enable.auto.commit", false)
                        .containsEntry("isolation.level", "read_committed")
                        .containsEntry("group.id", "roocode-connector-p");
                return consumer;
            }

            @Override
            public Producer<String, byte[]> producer(Map<String, Object> props) {
                assertThat(props).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
                return producer;
            }
        };
        Sleeper sleeper = duration -> {
            time.advance(duration);
            whileWaiting.run();
        };
        worker = new ProviderWorker(
                config,
                new OpenAiCompatibleAdapter(),
                null,
                settings,
                workerRegistry,
                time,
                time,
                sleeper,
                timer -> (call, timeout) -> {
                    Pending pending = new Pending(call);
                    calls.add(pending);
                    return pending.answer;
                },
                mocks);
        consumer.schedulePollTask(() -> {
            consumer.updateBeginningOffsets(Map.of(TP0, 0L));
            consumer.rebalance(List.of(TP0));
        });
        worker.open();
        pollUntil(() -> !consumer.assignment().isEmpty());
    }

    @AfterEach
    void stop() {
        worker.crash();
    }

    private void addJob(long offset, String requestId) {
        addJob(offset, requestId, null);
    }

    private void addJob(long offset, String requestId, String batchId) {
        byte[] value = dispatchSerde.serialize(
                DISPATCH,
                dispatched(chatJob(requestId, "hi").setBatchId(batchId).build(), "p", "m"));
        consumer.schedulePollTask(
                () -> consumer.addRecord(new ConsumerRecord<>(DISPATCH, 0, offset, requestId, value)));
    }

    private String lastMetadata() {
        return commits.stream()
                .filter(c -> c.containsKey(TP0))
                .reduce((a, b) -> b)
                .map(c -> c.get(TP0).metadata())
                .orElse(null);
    }

    /** The last offset committed for partition 0, from the commits the worker made. */
    private Optional<Long> committed() {
        return commits.stream()
                .filter(c -> c.containsKey(TP0))
                .reduce((a, b) -> b)
                .map(c -> c.get(TP0).offset());
    }

    /** One turn of the worker's loop, after running what the executor scheduled for now (retries, continuations). */
    private void turn() {
        time.advance(Duration.ZERO);
        worker.pollOnce();
    }

    /** Turns the loop {@code n} times: what a test checks after it is what the worker does given the chance, not a race. */
    private void turns(int n) {
        for (int i = 0; i < n; i++) {
            turn();
        }
    }

    /** Turns the loop until {@code condition} holds; fails if it does not within {@link #MAX_TURNS} turns. */
    private void pollUntil(BooleanSupplier condition) {
        for (int i = 0; i < MAX_TURNS && !condition.getAsBoolean(); i++) {
            turn();
        }
        assertThat(condition.getAsBoolean())
                .as("condition met within %d turns of the loop", MAX_TURNS)
                .isTrue();
    }

    @Test
    void shouldCommitOnlyTheAcknowledgedContiguousPrefix() {
        addJob(0, "r-0");
        addJob(1, "r-1");
        pollUntil(() -> calls.size() == 2);

        calls.get(1).ok();
        pollUntil(() -> producer.history().size() == 1);
        turns(10);
        assertThat(commits).as("published but not acknowledged").isEmpty();

        producer.completeNext();
        pollUntil(() -> committed().equals(Optional.of(0L)));
        assertThat(lastMetadata())
                .as("offset 0 is still running; 1 is finished")
                .isEqualTo("v1:1");

        calls.get(0).ok();
        pollUntil(() -> producer.history().size() == 2);
        turns(10);
        assertThat(committed()).as("offset 0 published but not acknowledged").hasValue(0L);

        producer.completeNext();
        pollUntil(() -> committed().equals(Optional.of(2L)));
        assertThat(lastMetadata()).isEmpty();
        assertThat(producer.history())
                .extracting(ProducerRecord::topic)
                .containsOnly(TOPICS.outcomes().name());
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("r-1", "r-0");
    }

    @Test
    void shouldPauseTheWholeWorkerAfterA429UntilItsRetryAfter() {
        addJob(0, "r-0");
        pollUntil(() -> calls.size() == 1);
        Instant limitedAt = time.instant();
        calls.get(0).answer(429, Map.of("retry-after", List.of("1")), "rate-limited.response.json");

        pollUntil(() -> consumer.paused().contains(TP0));
        addJob(1, "r-1");
        for (int step = 0; step < 50 && calls.size() < 3; step++) {
            time.advance(Duration.ofMillis(100));
            turns(3);
        }

        assertThat(calls).extracting(c -> c.call().requestId()).containsExactlyInAnyOrder("r-0", "r-0", "r-1");
        assertThat(calls.subList(1, 3))
                .as("no call, not even r-1's first, before the Retry-After")
                .allSatisfy(c -> assertThat(c.at).isAfterOrEqualTo(limitedAt.plusSeconds(1)));
    }

    @Test
    void shouldPauseWhenTheWindowIsFullAndResumeWhenASlotFrees() {
        addJob(0, "r-0");
        addJob(1, "r-1");
        pollUntil(() -> calls.size() == 2);
        pollUntil(() -> consumer.paused().contains(TP0));

        addJob(2, "r-2");
        turns(10);
        assertThat(calls).as("window of 2 is full").hasSize(2);
        assertThat(worker.inFlight()).isEqualTo(2);

        calls.get(0).ok();
        pollUntil(() -> producer.history().size() == 1);
        turns(10);
        assertThat(calls).as("a slot is freed by the commit, not by the answer").hasSize(2);

        producer.completeNext();
        pollUntil(() -> calls.size() == 3);
        assertThat(calls.get(2).call().headers()).containsEntry("X-Roocode-Request-Id", "r-2");
    }

    @Test
    @Window(value = 4, commitIntervalMs = 3_600_000)
    void shouldCommitAtOnceWhenFinishedRecordsHoldHalfTheWindow() {
        addJob(0, "r-0");
        addJob(1, "r-1");
        addJob(2, "r-2");
        pollUntil(() -> calls.size() == 3);

        calls.get(0).ok();
        pollUntil(() -> producer.history().size() == 1);
        producer.completeNext();
        turns(10);
        assertThat(commits)
                .as("one finished record of a window of 4: the commit interval (1 h) decides")
                .isEmpty();

        calls.get(2).ok();
        pollUntil(() -> producer.history().size() == 2);
        producer.completeNext();
        pollUntil(() -> committed().isPresent());
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
            pollUntil(() -> calls.size() > next);
            assertThat(calls.size() - committed().orElse(0L))
                    .as("calls beyond the committed offset: at most one window")
                    .isLessThanOrEqualTo(window);
            calls.get(answered).ok();
            pollUntil(() -> producer.history().size() > next);
            producer.completeNext();
            if (answered + window < jobs) {
                // MockConsumer hands a record out once: add the next when the window will have room for it
                addJob(answered + window, "r-" + (answered + window));
            }
        }

        assertThat(calls)
                .extracting(c -> c.call().requestId())
                .as("10 windows' worth")
                .hasSize(jobs)
                .doesNotHaveDuplicates();
        pollUntil(() -> committed().orElse(0L) >= jobs - 1);
        assertThat(time.instant())
                .as("with no time passing at all, let alone the commit interval")
                .isEqualTo(T0);
    }

    @Test
    void shouldSendUndecodableRecordsToTheDlqAndKeepFlowing() {
        consumer.schedulePollTask(
                () -> consumer.addRecord(new ConsumerRecord<>(DISPATCH, 0, 0L, "poison", new byte[] {1, 2, 3})));
        addJob(1, "r-1");
        pollUntil(() -> calls.size() == 1);
        calls.get(0).ok();
        pollUntil(() -> producer.history().size() == 2);
        producer.completeNext();
        producer.completeNext();

        pollUntil(() -> committed().equals(Optional.of(2L)));
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
        pollUntil(() -> calls.size() == 1);
        calls.get(0).answer(401, Map.of(), "authentication.response.json");

        pollUntil(() -> producer.history().size() == 1);
        assertThat(producer.history().get(0).topic())
                .isEqualTo(TOPICS.fallback().name());
        assertThat(producer.history().get(0).key()).isEqualTo("r-0");
    }

    @Test
    void shouldSkipAJobOfACancelledBatchAndReportItCancelledInsteadOfCallingIt() {
        CancelledBatches cancelled = new CancelledBatches();
        cancelled.add(BatchCancellation.newBuilder()
                .setBatchId("b-stop")
                .setReason("interrupted")
                .setCancelledAt(Instant.now())
                .build());
        worker.skipCancelled(cancelled);
        addJob(0, "r-0", "b-stop");
        addJob(1, "r-1", "b-go");
        pollUntil(() -> calls.size() == 1 && producer.history().size() == 1);

        assertThat(calls).extracting(c -> c.call().requestId()).containsExactly("r-1");
        ProducerRecord<String, byte[]> skipped = producer.history().get(0);
        assertThat(skipped.topic()).isEqualTo(TOPICS.fallback().name());
        assertThat(skipped.key()).isEqualTo("r-0");
        AttemptFailed failed = TOPICS.fallback().valueSerde(registry).deserialize(skipped.topic(), skipped.value());
        assertThat(failed.getError().getErrorClass()).isEqualTo(ErrorClass.CANCELLED);
        assertThat(failed.getError().getMessage()).isEqualTo("batch b-stop was cancelled (interrupted)");
        assertThat(failed.getRetryable()).isFalse();
        producer.completeNext();
        pollUntil(() -> committed().equals(Optional.of(1L)));
    }

    @Test
    void shouldCommitNothingOnCrash() {
        addJob(0, "r-0");
        pollUntil(() -> calls.size() == 1);
        calls.get(0).ok();
        pollUntil(() -> producer.history().size() == 1);

        worker.crash();
        producer.completeNext();

        assertThat(committed()).isEmpty();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldWaitForInFlightCallsAndCommitOnGracefulClose() {
        addJob(0, "r-0");
        pollUntil(() -> calls.size() == 1);
        Instant closing = time.instant();
        whileWaiting = answerAfter(calls.get(0), closing.plusMillis(100));

        worker.close();

        assertThat(time.instant())
                .as("close waited for the in-flight call, and no longer")
                .isAfterOrEqualTo(closing.plusMillis(100))
                .isBefore(closing.plusMillis(2_000));
        assertThat(committed()).hasValue(1L);
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldWaitForInFlightCallsOfRevokedPartitionsAndCommitThem() {
        addJob(0, "r-0");
        addJob(1, "r-1");
        pollUntil(() -> calls.size() == 2);
        calls.get(0).ok();
        pollUntil(() -> producer.history().size() == 1);
        producer.completeNext();
        pollUntil(() -> committed().equals(Optional.of(1L)));

        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        Instant revoking = time.instant();
        whileWaiting = answerAfter(calls.get(1), revoking.plusMillis(100));
        pollUntil(() -> consumer.assignment().isEmpty());

        assertThat(producer.history()).hasSize(2);
        assertThat(committed()).hasValue(2L);
        assertThat(time.instant())
                .as("revocation waited for the in-flight call, and no longer")
                .isAfterOrEqualTo(revoking.plusMillis(100))
                .isBefore(revoking.plusMillis(2_000));
    }

    @Test
    void shouldCommitThePrefixAfterTheRevocationTimeoutAndStillPublishLateCompletions() {
        addJob(0, "r-0");
        addJob(1, "r-1");
        pollUntil(() -> calls.size() == 2);
        calls.get(0).ok();
        pollUntil(() -> producer.history().size() == 1);
        producer.completeNext();

        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        Instant revoking = time.instant();
        pollUntil(() -> consumer.assignment().isEmpty());
        assertThat(time.instant())
                .as("worker.revocation.timeout.ms is 2000")
                .isAfterOrEqualTo(revoking.plusMillis(2_000));
        assertThat(committed()).hasValue(1L);
        int commitsAtRevocation = commits.size();

        calls.get(1).ok();
        pollUntil(() -> producer.history().size() == 2);
        producer.completeNext();
        turns(10);

        assertThat(producer.history().get(1).key())
                .as("late completion published for the finalizer to dedup")
                .isEqualTo("r-1");
        assertThat(commits)
                .as("but never committed by a worker that lost the partition")
                .hasSize(commitsAtRevocation);
    }

    @Test
    void shouldWaitForAnUnreachableRegistryInsteadOfDeadLetteringValidJobs() {
        registryDown = true;
        addJob(0, "r-0");
        turns(10);
        assertThat(calls).isEmpty();
        assertThat(producer.history())
                .as("no dead letter for a registry outage")
                .isEmpty();

        registryDown = false;
        // the worker seeked back to offset 0; a real consumer fetches it again, MockConsumer needs it re-added
        addJob(0, "r-0");
        turns(10);
        assertThat(calls)
                .as("paused for a second after the outage, however many polls")
                .isEmpty();

        time.advance(Duration.ofSeconds(1));
        pollUntil(() -> calls.size() == 1);
        assertThat(calls.get(0).call().headers()).containsEntry("X-Roocode-Request-Id", "r-0");
    }

    @Test
    void shouldSkipRecordsThePreviousOwnerCommittedAsFinished() {
        // the previous owner committed offset 0 and listed 1 as finished beyond it
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));
        pollUntil(() -> consumer.assignment().isEmpty());
        consumer.commitSync(Map.of(TP0, new OffsetAndMetadata(0, "v1:1")));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP0));
            consumer.seek(TP0, 0);
        });
        pollUntil(() -> !consumer.assignment().isEmpty());

        addJob(0, "r-0");
        addJob(1, "r-1");
        addJob(2, "r-2");
        pollUntil(() -> calls.size() == 2);
        turns(10);

        assertThat(calls)
                .extracting(c -> c.call().headers().get("X-Roocode-Request-Id"))
                .containsExactly("r-0", "r-2");
    }

    /** While the worker waits: answers {@code pending} once the clock reaches {@code at}, then acknowledges what it published. */
    private Runnable answerAfter(Pending pending, Instant at) {
        return () -> {
            if (!pending.answer.isDone()) {
                if (!time.instant().isBefore(at)) {
                    pending.ok();
                }
            } else {
                producer.completeNext();
            }
        };
    }
}
