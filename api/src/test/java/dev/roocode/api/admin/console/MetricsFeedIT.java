package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's metrics reader on the in-JVM broker: it reads the provider-health and spend topics from their
 * beginning without a consumer group, skips a record it cannot decode and goes on, and follows what is written after
 * it started.
 */
class MetricsFeedIT {
    @RegisterExtension
    static final KafkaSandboxExtension KAFKA = new KafkaSandboxExtension();

    private final Topics topics = Topics.withPrefix("it-metrics-feed.");

    @Test
    void shouldReadBothTopicsFromTheBeginningSkipAnUnreadableRecordAndFollow() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.kafka().bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(
                            topics.providerHealth().newTopic(1, (short) 1),
                            topics.spend().newTopic(1, (short) 1)),
                    Duration.ofSeconds(60));
        }
        Instant windowStart = Instant.now().minusSeconds(40);
        send(topics.providerHealth().name(), "p", new byte[] {1, 2, 3}); // not Avro: skipped with a warning
        send(topics.providerHealth().name(), "p", health(windowStart, windowStart.plusSeconds(40), 100));
        send(
                topics.spend().name(),
                "tenant:acme",
                topics.spend()
                        .valueSerde(KAFKA.schemaRegistryClient())
                        .serialize(
                                topics.spend().name(),
                                SpendTotal.newBuilder()
                                        .setScope("tenant:acme")
                                        .setCostUsd(1.5)
                                        .setUpdatedAt(Instant.now())
                                        .build()));
        MetricsHistory history = new MetricsHistory();

        MetricsFeed feed = MetricsFeed.start(
                history,
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KAFKA.kafka().bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "a-group-the-feed-must-not-join"),
                topics,
                KAFKA.schemaRegistryClient(),
                Clock.systemUTC());
        try {
            await(
                    "the records written before the start",
                    () -> history.providers().containsKey("p")
                            && !history.tenants().isEmpty());
            assertThat(history.providers().get("p"))
                    .singleElement()
                    .satisfies(point -> assertThat(point.reqPerSec()).isEqualTo(2.5));
            assertThat(history.tenants())
                    .singleElement()
                    .satisfies(t -> assertThat(t.costUsd()).isEqualTo(1.5));

            send(topics.providerHealth().name(), "p", health(windowStart, windowStart.plusSeconds(50), 200));
            await(
                    "a report written after the start",
                    () -> history.providers().get("p").size() == 2);
            assertThat(history.providers().get("p").get(1).reqPerSec()).isEqualTo(4.0);
            assertThat(history.unreachable(System.currentTimeMillis())).isFalse();
        } finally {
            feed.close();
        }
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.kafka().bootstrapServers()))) {
            assertThat(admin.listGroups().all().get())
                    .as("no group joined, no offsets committed")
                    .noneMatch(g -> g.groupId().equals("a-group-the-feed-must-not-join"));
        }
    }

    private byte[] health(Instant windowStart, Instant updatedAt, long requests) {
        return topics.providerHealth()
                .valueSerde(KAFKA.schemaRegistryClient())
                .serialize(
                        topics.providerHealth().name(),
                        ProviderState.newBuilder()
                                .setProvider("p")
                                .setWindowStart(windowStart)
                                .setUpdatedAt(updatedAt)
                                .setRequestsInWindow(requests)
                                .build());
    }

    private static void send(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.kafka().bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("after 60 s, still waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
