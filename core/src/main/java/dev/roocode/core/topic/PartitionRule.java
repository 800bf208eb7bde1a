package dev.roocode.core.topic;

/**
 * Which topics get the cluster's partition count and which get one: the one rule that
 * {@code roocode init}, the embedded stack and the benchmarks' cluster all follow.
 *
 * <p>Jobs, outcomes and fallback are co-partitioned (the finalizer joins them by requestId), so they
 * share the count; results and the per-provider dispatch topics carry the same traffic and get it
 * too, so neither the Result readers nor the workers are capped at one partition. The compacted
 * configuration topics and the small audit topics get one partition: they are read whole.
 */
public final class PartitionRule {
    /** The kinds of topic the rule tells apart. */
    public enum TopicKind {
        /** jobs, outcomes, fallback: joined by requestId, so always the same count. */
        CO_PARTITIONED,
        /** the default results topic. */
        RESULTS,
        /** a provider's dispatch topic. */
        DISPATCH,
        /** everything else: compacted configuration and small audit topics. */
        OTHER
    }

    private PartitionRule() {}

    /** Partitions of a topic of {@code kind} on a cluster whose wide topics have {@code partitions}. */
    public static int partitions(TopicKind kind, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        return kind == TopicKind.OTHER ? 1 : partitions;
    }
}
