package dev.roocode.cli.init;

import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Which topics a cluster needs and how many partitions each gets, by core's
 * {@link dev.roocode.core.topic.PartitionRule} (jobs, outcomes, fallback, results and dispatch
 * topics share one count, the small compacted and audit topics get one). An existing co-partitioned topic decides the count of
 * the missing ones, so a re-run never breaks co-partitioning.
 */
public record TopicPlan(List<NewTopic> toCreate, List<String> existing, int partitions) {

    /** The plan for {@code topics} plus {@code providers}' dispatch topics, given what exists (name → partition count). */
    public static TopicPlan of(
            Topics topics,
            List<String> providers,
            int requestedPartitions,
            Optional<Short> replication,
            Map<String, Integer> existingCounts) {
        return of(topics, providers, requestedPartitions, replication, existingCounts, List.of());
    }

    /**
     * {@link #of(Topics, List, int, Optional, Map)} plus {@code tenants}' jobs and replies topics, with the jobs topic's
     * partition count like the results topic (a tenant's jobs all take the processor's hop to their requestId's
     * partition, so their count only spreads the load).
     */
    public static TopicPlan of(
            Topics topics,
            List<String> providers,
            int requestedPartitions,
            Optional<Short> replication,
            Map<String, Integer> existingCounts,
            List<String> tenants) {
        int partitions = requestedPartitions;
        for (TopicSpec<?> spec : topics.fixed()) {
            if (spec.coPartitioned() && existingCounts.containsKey(spec.name())) {
                partitions = existingCounts.get(spec.name());
                break;
            }
        }
        List<NewTopic> create = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<TopicSpec<?>> all = new ArrayList<>(topics.fixed());
        providers.forEach(p -> {
            all.add(topics.dispatch(p));
            all.add(topics.batchDispatch(p)); // read by the connectors' batcher when the provider has a batch endpoint
        });
        for (TopicSpec<?> spec : all) {
            if (existingCounts.containsKey(spec.name())) {
                existing.add(spec.name());
                continue;
            }
            create.add(new NewTopic(spec.name(), Optional.of(topics.partitionsFor(spec, partitions)), replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy())));
        }
        for (String tenant : tenants) {
            for (TopicSpec<?> spec : List.of(topics.tenantJobs(tenant), topics.tenantReplies(tenant))) {
                if (existingCounts.containsKey(spec.name())) {
                    existing.add(spec.name());
                } else {
                    create.add(new NewTopic(spec.name(), Optional.of(partitions), replication)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy())));
                }
            }
        }
        return new TopicPlan(create, existing, partitions);
    }
}
