package dev.roocode.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.roocode.schemas.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** What {@code roocode init --tenant} creates. */
class TopicPlanTest {
    private final Topics topics = Topics.defaults();

    @Test
    void shouldCreateEachTenantsJobsAndRepliesTopicsWithTheJobsTopicsPartitionCount() {
        // the jobs topic exists with 4 partitions: --partitions 6 does not apply to what is added
        TopicPlan plan = TopicPlan.of(
                topics,
                List.of(),
                6,
                Optional.empty(),
                Map.of("roocode.jobs", 4, "roocode.tenant.red.replies", 2),
                List.of("blue", "red"));

        assertThat(plan.toCreate())
                .filteredOn(t -> t.name().contains(".tenant."))
                .extracting(NewTopic::name, NewTopic::numPartitions)
                .containsExactlyInAnyOrder(
                        tuple("roocode.tenant.blue.jobs", 4),
                        tuple("roocode.tenant.blue.replies", 4),
                        tuple("roocode.tenant.red.jobs", 4));
        assertThat(plan.existing()).contains("roocode.tenant.red.replies");
        assertThat(plan.toCreate())
                .filteredOn(t -> t.name().equals("roocode.tenant.blue.replies"))
                .singleElement()
                .satisfies(t -> assertThat(t.configs()).containsEntry("cleanup.policy", "compact,delete"));
    }

    @Test
    void shouldCreateEachProvidersBatchDispatchTopicBesideItsDispatchTopic() {
        TopicPlan plan = TopicPlan.of(topics, List.of("sim"), 6, Optional.empty(), Map.of());

        assertThat(plan.toCreate())
                .extracting(NewTopic::name)
                .contains("roocode.dispatch.sim", "roocode.dispatch-batch.sim", "roocode.provider-batches");
    }

    @Test
    void shouldCreateNoTenantTopicWithoutATenant() {
        TopicPlan plan = TopicPlan.of(topics, List.of(), 6, Optional.empty(), Map.of());

        assertThat(plan.toCreate()).noneMatch(t -> t.name().contains(".tenant."));
    }
}
