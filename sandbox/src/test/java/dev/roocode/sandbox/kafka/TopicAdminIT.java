package dev.roocode.sandbox.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicAdminIT {
    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().build().start();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        kafka.close();
    }

    @Test
    void shouldCreateCoPartitionedTopicsReadyForProducingAndMakeARerunANoOp() throws Exception {
        Topics topics = Topics.withPrefix("it1.");
        List<NewTopic> requests = List.of(topics.jobs(), topics.outcomes(), topics.fallback()).stream()
                .map(spec -> spec.newTopic(4, (short) 1))
                .toList();

        Set<String> created = TopicAdmin.createAndAwait(admin, requests, Duration.ofSeconds(30));
        Set<String> createdAgain = TopicAdmin.createAndAwait(admin, requests, Duration.ofSeconds(30));

        assertThat(created).containsExactlyInAnyOrder("it1.jobs", "it1.outcomes", "it1.fallback");
        assertThat(createdAgain).isEmpty();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(created).allTopicNames().get(10, TimeUnit.SECONDS);
        assertThat(descriptions.values())
                .allSatisfy(d -> assertThat(d.partitions()).hasSize(4));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("it1.jobs", 3, "r1", "job"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(sent.offset()).isZero();
        }
    }

    @Test
    void shouldCreateCompactedTopicsWithTheDeclaredCleanupPolicy() throws Exception {
        TopicSpec<?> providers = Topics.withPrefix("it2.").providers();

        TopicAdmin.createAndAwait(admin, List.of(providers.newTopic(1, (short) 1)), Duration.ofSeconds(30));

        var resource = new ConfigResource(ConfigResource.Type.TOPIC, "it2.providers");
        var config = admin.describeConfigs(List.of(resource))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }

    @Test
    void shouldReturnWhenAwaitingTopicsThatAreAlreadyReady() {
        NewTopic topic = new NewTopic("it3.ready", 2, (short) 1);
        TopicAdmin.createAndAwait(admin, List.of(topic), Duration.ofSeconds(30));

        TopicAdmin.awaitReady(admin, List.of("it3.ready"), Duration.ofSeconds(5));
    }
}
