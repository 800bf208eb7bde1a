package dev.roocode.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RetryPolicy;
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
    void shouldCreateTheBatchDispatchTopicOfAProviderWithABatchEndpoint() {
        ProviderConfig openai = provider("openai");
        openai.setBatch(BatchEndpoint.newBuilder().build());

        List<String> names = TopicPlan.dispatchNames(List.of(openai, provider("local")));
        TopicPlan plan = TopicPlan.of(topics, names, 6, Optional.empty(), Map.of());

        assertThat(names).containsExactly("openai", "openai:batch", "local");
        assertThat(plan.toCreate())
                .extracting(NewTopic::name)
                .contains("roocode.dispatch.openai", "roocode.dispatch-batch.openai", "roocode.dispatch.local")
                .doesNotContain("roocode.dispatch-batch.local");
        assertThat(plan.toCreate())
                .filteredOn(t -> t.name().equals("roocode.dispatch-batch.openai"))
                .singleElement()
                .satisfies(t -> assertThat(t.numPartitions()).isEqualTo(6));
    }

    private static ProviderConfig provider(String name) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai")
                .setStatus(ProviderStatus.ACTIVE)
                .setDeployments(Map.of())
                .setSettings(Map.of())
                .setEndpoint("https://api.openai.com/v1")
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of())
                .setLimits(ProviderLimits.newBuilder().build())
                .setTimeoutMs(60_000)
                .setRetry(RetryPolicy.newBuilder().build())
                .setBreaker(CircuitBreakerPolicy.newBuilder().build())
                .setWeight(1)
                .setTags(List.of())
                .setVersion(1)
                .build();
    }

    @Test
    void shouldCreateNoTenantTopicWithoutATenant() {
        TopicPlan plan = TopicPlan.of(topics, List.of(), 6, Optional.empty(), Map.of());

        assertThat(plan.toCreate()).noneMatch(t -> t.name().contains(".tenant."));
    }
}
