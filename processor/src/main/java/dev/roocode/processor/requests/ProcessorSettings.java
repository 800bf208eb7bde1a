package dev.roocode.processor.requests;

import dev.roocode.processor.metrics.ProcessorMetrics;
import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * What the topology's processors need to know, resolved from {@link dev.roocode.processor.ProcessorConfig}.
 *
 * @param topics             the topic registry
 * @param registry           schema registry client for the serdes
 * @param replyTopicsAllowed reply topics a job of the shared jobs topic may name (tenant jobs: their namespace; see
 *                           {@link ReplyTopics})
 * @param dedupRetention     how long finished requestIds are remembered
 * @param maxAttempts        providers tried at most per job
 * @param topicExists        whether a topic exists; jobs are never sent to a missing topic
 * @param deferral           how COST jobs with time to spare wait in the router for cheaper room
 * @param partitionCount     a topic's partition count now; the jobs topic's tells which partition a job's requestId belongs on
 *                           (the intake's {@code JobPlacement})
 * @param outageMaxWait      how long a job without a deadline waits out an outage of its only provider before it fails
 *                           ({@code deferral.OutageWaits}); zero: it fails at once
 * @param metrics            the meters the processors record into
 * @param batchMargin        room a COST job's deadline must leave after a batch candidate's turnaround before the router
 *                           sends it there ({@code route.batch.margin.ms}): the time its realtime fallback may need
 */
public record ProcessorSettings(
        Topics topics,
        SchemaRegistryClient registry,
        Pattern replyTopicsAllowed,
        Duration dedupRetention,
        int maxAttempts,
        Predicate<String> topicExists,
        Deferral deferral,
        ToIntFunction<String> partitionCount,
        Duration outageMaxWait,
        ProcessorMetrics metrics,
        Duration batchMargin) {
    /** Settings with the default batch margin. */
    public ProcessorSettings(
            Topics topics,
            SchemaRegistryClient registry,
            Pattern replyTopicsAllowed,
            Duration dedupRetention,
            int maxAttempts,
            Predicate<String> topicExists,
            Deferral deferral,
            ToIntFunction<String> partitionCount,
            Duration outageMaxWait,
            ProcessorMetrics metrics) {
        this(
                topics,
                registry,
                replyTopicsAllowed,
                dedupRetention,
                maxAttempts,
                topicExists,
                deferral,
                partitionCount,
                outageMaxWait,
                metrics,
                BatchCandidates.DEFAULT_MARGIN);
    }

    /** The default of {@code route.outage.max.wait.ms}: ten minutes. */
    public static final Duration DEFAULT_OUTAGE_MAX_WAIT = Duration.ofMinutes(10);

    /** Settings that record no metrics. */
    public ProcessorSettings(
            Topics topics,
            SchemaRegistryClient registry,
            Pattern replyTopicsAllowed,
            Duration dedupRetention,
            int maxAttempts,
            Predicate<String> topicExists,
            Deferral deferral,
            ToIntFunction<String> partitionCount,
            Duration outageMaxWait) {
        this(
                topics,
                registry,
                replyTopicsAllowed,
                dedupRetention,
                maxAttempts,
                topicExists,
                deferral,
                partitionCount,
                outageMaxWait,
                ProcessorMetrics.disabled());
    }

    /** Settings with the default outage wait. */
    public ProcessorSettings(
            Topics topics,
            SchemaRegistryClient registry,
            Pattern replyTopicsAllowed,
            Duration dedupRetention,
            int maxAttempts,
            Predicate<String> topicExists,
            Deferral deferral,
            ToIntFunction<String> partitionCount) {
        this(
                topics,
                registry,
                replyTopicsAllowed,
                dedupRetention,
                maxAttempts,
                topicExists,
                deferral,
                partitionCount,
                DEFAULT_OUTAGE_MAX_WAIT);
    }

    /** Settings for topics of one partition each (TopologyTestDriver's), where every job is on its requestId's partition. */
    public ProcessorSettings(
            Topics topics,
            SchemaRegistryClient registry,
            Pattern replyTopicsAllowed,
            Duration dedupRetention,
            int maxAttempts,
            Predicate<String> topicExists,
            Deferral deferral) {
        this(topics, registry, replyTopicsAllowed, dedupRetention, maxAttempts, topicExists, deferral, topic -> 1);
    }

    /** Settings with the default deferral. */
    public ProcessorSettings(
            Topics topics,
            SchemaRegistryClient registry,
            Pattern replyTopicsAllowed,
            Duration dedupRetention,
            int maxAttempts,
            Predicate<String> topicExists) {
        this(topics, registry, replyTopicsAllowed, dedupRetention, maxAttempts, topicExists, Deferral.DEFAULT);
    }

    /** The rule of where a job's Result may go, by the topic the job was read from; see {@link ReplyTopics}. */
    public ReplyTopics replyTopics() {
        return new ReplyTopics(topics, replyTopicsAllowed, topicExists);
    }
}
