package dev.roocode.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class TopicAdminTest {
    private final FakeAdmin fake = new FakeAdmin();

    @Test
    void shouldCreateOnlyMissingTopicsAndReportWhichWereCreated() {
        fake.topics.put("jobs", 4);

        var created = TopicAdmin.createAndAwait(
                fake.admin(),
                List.of(new NewTopic("jobs", 4, (short) 1), new NewTopic("outcomes", 4, (short) 1)),
                Duration.ofSeconds(5));

        assertThat(created).containsExactly("outcomes");
        assertThat(fake.topics).containsEntry("outcomes", 4);
    }

    @Test
    void shouldWaitUntilListOffsetsAnswersForEveryPartition() {
        fake.listOffsetsFailures = 3;
        fake.listOffsetsError = new NotLeaderOrFollowerException("not yet");

        TopicAdmin.createAndAwait(fake.admin(), List.of(new NewTopic("jobs", 2, (short) 1)), Duration.ofSeconds(5));

        assertThat(fake.listOffsetsCalls).hasValue(4);
    }

    @Test
    void shouldTimeOutNamingTheTopicsWhenPartitionsNeverAnswer() {
        fake.topics.put("jobs", 2);
        fake.listOffsetsFailures = Integer.MAX_VALUE;
        fake.listOffsetsError = new NotLeaderOrFollowerException("never");

        assertThatThrownBy(() -> TopicAdmin.awaitReady(fake.admin(), List.of("jobs"), Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("[jobs]")
                .hasMessageContaining("NotLeaderOrFollowerException");
    }

    @Test
    void shouldWaitForATopicThatDoesNotExistYetAndTimeOut() {
        assertThatThrownBy(() -> TopicAdmin.awaitReady(fake.admin(), List.of("later"), Duration.ofMillis(200)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("UnknownTopicOrPartitionException");
    }

    @Test
    void shouldRejectAnExistingTopicWhosePartitionCountDiffersFromTheDeclaration() {
        fake.topics.put("jobs", 3);

        assertThatThrownBy(() -> TopicAdmin.createAndAwait(
                        fake.admin(), List.of(new NewTopic("jobs", 4, (short) 1)), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jobs has 3 partitions, expected 4");
    }

    @Test
    void shouldFailAtOnceWhenTheBrokerRejectsACreation() {
        fake.createError = new PolicyViolationException("replication factor 3 > brokers");

        assertThatThrownBy(() -> TopicAdmin.createAndAwait(
                        fake.admin(), List.of(new NewTopic("jobs", 4, (short) 3)), Duration.ofSeconds(5)))
                .isInstanceOf(KafkaException.class)
                .hasMessage("cannot create topic jobs: replication factor 3 > brokers");
    }
}
