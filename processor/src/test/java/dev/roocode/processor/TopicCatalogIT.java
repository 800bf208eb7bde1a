package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.kafka.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog on a real broker: a topic created right after the list was read is found on its first question, as
 * roocode-api's reply topic must be when its first job arrives (it is created at the service's start).
 */
class TopicCatalogIT {
    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.builder().build().start();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        kafka.close();
    }

    @Test
    void shouldFindATopicCreatedJustAfterTheListWasRead() throws Exception {
        try (TopicCatalog catalog =
                new TopicCatalog(Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers())))) {
            assertThat(catalog.test("catalog-first")).as("not created yet").isFalse();

            admin.createTopics(List.of(new NewTopic("catalog-reply", 1, (short) 1)))
                    .all()
                    .get();
            assertThat(catalog.test("catalog-reply"))
                    .as("created after the list was read, asked within the refresh interval")
                    .isTrue();
            assertThat(catalog.test("catalog-first")).as("still missing").isFalse();
        }
    }
}
