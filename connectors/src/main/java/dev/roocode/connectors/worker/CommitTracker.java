package dev.roocode.connectors.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offset commits of one worker, and the window slots they free: a record holds its slot until a
 * successful commit covers it (see {@link PartitionProgress}), which is what bounds the calls a crash
 * repeats to one window.
 *
 * <p>When to commit. A slot held by a finished record is dead weight: with a fast provider the window
 * fills with records that only wait for a commit. So an asynchronous commit is due when finished
 * records hold at least half the window, when the window is full and any of its records has finished,
 * or when {@code worker.commit.interval.ms} has passed. At most one asynchronous commit is in flight;
 * while it is, the other half of the window keeps the provider busy, and its callback frees the slots
 * it covered and calls {@code afterRelease} (the worker resumes its partitions there, inside the same
 * {@code poll}, rather than one poll later).
 *
 * <p>Only records whose outcome the producer acknowledged count as finished: the worker publishes an
 * outcome before the commit that covers its dispatch record, never after, so a commit never skips an
 * unpublished outcome.
 *
 * <p>Not thread-safe: the worker's poll thread owns it (commit callbacks run inside {@code poll}).
 */
final class CommitTracker {
    private static final Logger log = LoggerFactory.getLogger(CommitTracker.class);

    private final String provider;
    private final int window;
    private final Duration interval;
    private final Clock clock;
    /** The worker's partitions, shared with it; a commit frees slots only in the instance it was computed from. */
    private final Map<TopicPartition, PartitionProgress> progress;

    private final IntConsumer released;
    private final Runnable afterRelease;
    private final SlotTimings timings;
    /** Offset of the last successful commit per partition of the current assignment. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    private boolean asyncInFlight;
    private Instant lastCommit = Instant.EPOCH;

    /**
     * @param released     told how many slots each successful commit freed
     * @param afterRelease runs after an asynchronous commit freed slots (inside {@code poll})
     */
    CommitTracker(
            String provider,
            int window,
            Duration interval,
            Clock clock,
            Map<TopicPartition, PartitionProgress> progress,
            IntConsumer released,
            Runnable afterRelease,
            SlotTimings timings) {
        this.provider = provider;
        this.window = window;
        this.interval = interval;
        this.clock = clock;
        this.progress = progress;
        this.released = released;
        this.afterRelease = afterRelease;
        this.timings = timings;
    }

    /** Finished records whose slot a commit would free, over all partitions. */
    int finishedHoldingSlots() {
        int finished = 0;
        for (PartitionProgress partition : progress.values()) {
            finished += partition.finishedHoldingSlots();
        }
        return finished;
    }

    /** Whether an asynchronous commit is due, given the {@code slots} taken in the window. */
    boolean isDue(int slots) {
        int finished = finishedHoldingSlots();
        return finished * 2 >= window && finished > 0
                || slots >= window && finished > 0
                || Duration.between(lastCommit, clock.instant()).compareTo(interval) >= 0;
    }

    /** Starts an asynchronous commit of every partition's progress if one is due and none is in flight. */
    void maybeCommitAsync(Consumer<?, ?> consumer, int slots) {
        if (asyncInFlight || !isDue(slots)) {
            return;
        }
        Map<TopicPartition, Commit> commits = commitsOf(progress.keySet());
        lastCommit = clock.instant();
        if (commits.isEmpty()) {
            return;
        }
        asyncInFlight = true;
        commits.values()
                .forEach(commit ->
                        timings.commitSent(commit.partition(), commit.point().covered()));
        consumer.commitAsync(offsets(commits), (done, failure) -> {
            asyncInFlight = false;
            if (failure == null) {
                commits.values()
                        .forEach(commit -> timings.commitAnswered(
                                commit.partition(), commit.point().covered()));
                release(commits);
                afterRelease.run();
            } else {
                log.info(
                        "provider={} offset commit failed, the next commit covers it: {}",
                        provider,
                        failure.toString());
            }
        });
    }

    /** Commits {@code partitions} now and waits for the answer (revocation, close); failures are logged. */
    void commitSync(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Commit> commits = commitsOf(partitions);
        if (commits.isEmpty()) {
            return;
        }
        lastCommit = clock.instant();
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(commits);
        while (true) {
            try {
                consumer.commitSync(offsets);
                release(commits);
                return;
            } catch (WakeupException e) {
                // close() woke the consumer; the commit still has to happen
            } catch (KafkaException e) {
                log.warn(
                        "provider={} offset commit failed; uncommitted jobs will be repeated: {}",
                        provider,
                        e.toString());
                return;
            }
        }
    }

    /** Forgets what was committed for {@code tp}: it was revoked, lost or assigned anew. */
    void forget(TopicPartition tp) {
        committed.remove(tp);
    }

    /** What to commit per partition: those with progress since their last successful commit. */
    private Map<TopicPartition, Commit> commitsOf(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Commit> commits = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionProgress partition = progress.get(tp);
            if (partition == null) {
                continue;
            }
            partition.commitPoint().ifPresent(point -> {
                if (!point.covered().isEmpty() || point.offset() > committed.getOrDefault(tp, -1L)) {
                    commits.put(tp, new Commit(partition, point));
                }
            });
        }
        return commits;
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, Commit> commits) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        commits.forEach((tp, commit) -> offsets.put(
                tp,
                new OffsetAndMetadata(commit.point().offset(), commit.point().metadata())));
        return offsets;
    }

    private void release(Map<TopicPartition, Commit> commits) {
        commits.forEach((tp, commit) -> {
            if (progress.get(tp) == commit.partition()) { // not revoked (and perhaps assigned anew) meanwhile
                committed.put(tp, commit.point().offset());
            }
            released.accept(commit.partition().committed(commit.point())); // 0 if the partition was revoked
        });
    }

    /** A commit point and the assignment of the partition it belongs to. */
    private record Commit(PartitionProgress partition, PartitionProgress.CommitPoint point) {}
}
