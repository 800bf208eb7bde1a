package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.T0;
import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.fixture;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.execution.AttemptExecutor;
import dev.roocode.connectors.execution.ManualTime;
import dev.roocode.connectors.execution.ProviderGuard;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleAdapter;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.RetryPolicy;
import dev.roocode.schemas.avro.WorkerState;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's provider-health records, as the guard's state changes them, on a manual clock. */
class ProviderStatePublisherTest {
    private final ManualTime time = new ManualTime(T0);
    private final ProviderConfig config = provider("p", "http://localhost:1")
            .setLimits(ProviderLimits.newBuilder()
                    .setRpm(600L)
                    .setMaxConcurrency(8)
                    .build())
            .setRetry(RetryPolicy.newBuilder()
                    .setMaxAttempts(1)
                    .setInitialBackoffMs(100)
                    .setMaxBackoffMs(5_000)
                    .setMultiplier(2.0)
                    .build())
            .build();
    private final ProviderGuard guard = new ProviderGuard(config, time);
    private final AttemptExecutor executor = executor(
            guard,
            (call, timeout) -> CompletableFuture.completedFuture(new HttpAnswer(
                    401, Map.of(), fixture("openai-compatible", "authentication.response.json"), time.instant())));
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Topics topics = Topics.defaults();
    private final String topic = topics.providerHealth().name();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @BeforeEach
    void giveTheConsumerTheHealthTopic() {
        consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, Node.noNode(), new Node[0], new Node[0])));
    }

    @Test
    void shouldPublishCredentialRejectedWithItsTimeAndTheConfigVersion() {
        ProviderConfig versioned =
                ProviderConfig.newBuilder(config).setVersion(7L).build();
        ProviderStatePublisher publisher = new ProviderStatePublisher(
                versioned, topics.providerHealth(), registry, guard, time, Duration.ofMinutes(10));

        publisher.maybePublish(consumer, producer, 0);
        for (int i = 0; i < ProviderGuard.DEFAULT_CREDENTIAL_REJECTIONS; i++) {
            executor.execute(dispatched(chatJob("r-" + i, "hi").build()));
            time.advance(Duration.ZERO);
        }
        publisher.maybePublish(consumer, producer, 0);

        assertThat(producer.history()).hasSize(2);
        ProviderState running = published(0);
        ProviderState rejected = published(1);
        assertThat(running.getWorker()).isEqualTo(WorkerState.RUNNING);
        assertThat(rejected.getWorker())
                .as("published at once, not at the next interval")
                .isEqualTo(WorkerState.CREDENTIAL_REJECTED);
        assertThat(rejected.getWorkerSince())
                .isEqualTo(guard.credentialRejection().at());
        assertThat(rejected.getWorkerReason()).isEqualTo("3 consecutive 401 answers");
        assertThat(rejected.getConfigVersion()).isEqualTo(7L);
    }

    @Test
    void shouldPublishTheLatencyPercentilesOfTheLastWindowAndNoneWithoutAttempts() {
        ProviderGuard timed = new ProviderGuard(config, time);
        long[] callMs = {0};
        AttemptExecutor answering = executor(timed, (call, timeout) -> {
            time.advance(Duration.ofMillis(callMs[0])); // the call takes this long
            return CompletableFuture.completedFuture(new HttpAnswer(
                    200, Map.of(), fixture("openai-compatible", "chat-basic.response.json"), time.instant()));
        });
        ProviderStatePublisher publisher = new ProviderStatePublisher(
                config, topics.providerHealth(), registry, timed, time, Duration.ofSeconds(1));

        publisher.maybePublish(consumer, producer, 0);
        for (int i = 1; i <= 100; i++) {
            callMs[0] = i * 10L; // 10, 20, ... 1000 ms
            answering.execute(dispatched(chatJob("r-" + i, "hi").build()));
        }
        time.advance(Duration.ofSeconds(2));
        publisher.maybePublish(consumer, producer, 0);

        ProviderState none = published(0);
        ProviderState measured = published(1);
        assertThat(none.getLatencyP50Ms()).isNull();
        assertThat(none.getLatencyP99Ms()).isNull();
        assertThat(measured.getLatencyP50Ms()).isEqualTo(500.0);
        assertThat(measured.getLatencyP99Ms()).isEqualTo(990.0);
    }

    @Test
    void shouldPublishAtOnceWhenA429PausesTheProviderAndNotAgainUntilTheInterval() {
        ProviderGuard limited = new ProviderGuard(config, time);
        AttemptExecutor answering = executor(
                limited,
                (call, timeout) -> CompletableFuture.completedFuture(new HttpAnswer(
                        429,
                        Map.of("retry-after", List.of("20")),
                        fixture("openai-compatible", "rate-limited.response.json"),
                        time.instant())));
        ProviderStatePublisher publisher = new ProviderStatePublisher(
                config, topics.providerHealth(), registry, limited, time, Duration.ofMinutes(10));

        publisher.maybePublish(consumer, producer, 0);
        answering.execute(dispatched(chatJob("r-1", "hi").build()));
        publisher.maybePublish(consumer, producer, 0);
        publisher.maybePublish(consumer, producer, 0);

        assertThat(producer.history())
                .as("the first record, then one for the pause")
                .hasSize(2);
        assertThat(published(0).getRateLimitedUntil()).isNull();
        assertThat(published(1).getRateLimitedUntil())
                .as("published at once, not at the next interval")
                .isEqualTo(limited.rateLimitedUntil())
                .isAfter(T0.plusSeconds(19));
    }

    /** An executor for {@link #config} on the manual clock whose calls {@code transport} answers, under {@code guard}. */
    private AttemptExecutor executor(ProviderGuard guard, Transport transport) {
        return new AttemptExecutor(
                new OpenAiCompatibleAdapter(), config, null, transport, time, time, () -> Long.MAX_VALUE, guard);
    }

    /** The {@code index}th health record the publisher wrote. */
    private ProviderState published(int index) {
        return topics.providerHealth()
                .valueSerde(registry)
                .deserialize(topic, producer.history().get(index).value());
    }
}
