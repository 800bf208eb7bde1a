package dev.roocode.connectors.worker;

import dev.roocode.connectors.execution.Pacer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker's window in step with the group's assignment: an assigned partition starts from its
 * last commit (skipping the records its metadata lists as finished), a revoked one gets a bounded
 * wait for its in-flight calls and a final commit, a lost one is dropped. Each change also resets the
 * process's share of the provider's rate limits. Runs on the poll thread, inside {@code poll}.
 */
final class WorkerRebalanceListener implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(WorkerRebalanceListener.class);

    private final String provider;
    private final String dispatchTopic;
    private final Consumer<String, byte[]> consumer;
    private final DispatchWindow window;
    private final CommitTracker commits;
    private final OutcomePublisher publisher;
    private final Pacer pacer;
    private final Duration revocationTimeout;
    private final BooleanSupplier crashed;
    private int totalPartitions;

    WorkerRebalanceListener(
            String provider,
            String dispatchTopic,
            Consumer<String, byte[]> consumer,
            DispatchWindow window,
            CommitTracker commits,
            OutcomePublisher publisher,
            Pacer pacer,
            Duration revocationTimeout,
            BooleanSupplier crashed) {
        this.provider = provider;
        this.dispatchTopic = dispatchTopic;
        this.consumer = consumer;
        this.window = window;
        this.commits = commits;
        this.publisher = publisher;
        this.pacer = pacer;
        this.revocationTimeout = revocationTimeout;
        this.crashed = crashed;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> previous = previousCommits(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata commit = previous.get(tp);
            window.progress()
                    .put(
                            tp,
                            commit == null
                                    ? new PartitionProgress()
                                    : new PartitionProgress(
                                            PartitionProgress.completedInMetadata(commit.offset(), commit.metadata())));
            commits.forget(tp);
        }
        if (!partitions.isEmpty()) {
            log.info("provider={} assigned {}", provider, partitions);
        }
        updateShare(true);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (crashed.getAsBoolean() || partitions.isEmpty()) {
            return;
        }
        publisher.awaitDrained(
                revocationTimeout,
                () -> partitions.stream().map(window.progress()::get).allMatch(p -> p == null || p.isDrained()));
        if (!crashed.getAsBoolean()) {
            commits.commitSync(consumer, partitions);
        }
        forget(partitions);
        updateShare(false);
        log.info("provider={} revoked {}", provider, partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
        updateShare(false);
        log.info("provider={} lost {}", provider, partitions);
    }

    /**
     * This process's share of the provider's global RPM/TPM: the partitions it holds over all
     * partitions of the dispatch topic, so processes of one group together stay within the limit.
     */
    private void updateShare(boolean refreshTotal) {
        if (refreshTotal || totalPartitions == 0) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(dispatchTopic, Duration.ofSeconds(5));
                totalPartitions = infos == null ? 0 : infos.size();
            } catch (KafkaException e) {
                log.info(
                        "provider={} cannot read the partition count of {}: {}", provider, dispatchTopic, e.toString());
            }
        }
        int held = window.progress().size();
        double share = totalPartitions <= 0 ? 1.0 : Math.min(1.0, (double) Math.max(1, held) / totalPartitions);
        pacer.share(share);
        if (pacer.limited()) {
            log.info(
                    "provider={} holds {}/{} partitions: {} of the provider's rate limits",
                    provider,
                    held,
                    totalPartitions,
                    String.format(Locale.ROOT, "%.2f", share));
        }
    }

    /** The group's last commits, whose metadata lists records finished beyond the committed offset. */
    private Map<TopicPartition, OffsetAndMetadata> previousCommits(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> previous = consumer.committed(new HashSet<>(partitions));
            return previous == null ? Map.of() : previous;
        } catch (KafkaException e) {
            log.info(
                    "provider={} cannot read committed offsets ({}); finished records past them may be repeated",
                    provider,
                    e.toString());
            return Map.of();
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionProgress partition = window.progress().remove(tp);
            if (partition != null) {
                window.release(partition.revoke()); // late completions are still published, but no longer committed
            }
            commits.forget(tp);
        }
    }
}
