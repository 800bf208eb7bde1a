package dev.roocode.schemas.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics explicitly and waits until they can take records. A freshly created partition
 * can accept a produce request before its leader is fully in place and lose it silently, so
 * "created" means here: every partition has a leader and answers {@code Admin.listOffsets}.
 *
 * <p>Uses only the kafka-clients {@link Admin}; works against any broker.
 */
public final class TopicAdmin {
    private static final long POLL_INTERVAL_MS = 50;

    private TopicAdmin() {}

    /**
     * Creates those of {@code topics} that do not exist yet, then waits until every partition of
     * every listed topic is ready. Idempotent: existing topics are left alone, but one whose
     * partition count differs from the request is reported, since co-partitioned topics must agree.
     *
     * @return the names of the topics this call created (empty on a re-run)
     * @throws TimeoutException if the topics are not ready within {@code timeout}
     * @throws IllegalStateException if an existing topic has a different partition count than requested
     * @throws KafkaException if the broker rejects a creation (bad config, authorization, ...)
     */
    public static Set<String> createAndAwait(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        long deadline = deadlineAfter(timeout);
        Set<String> created = new LinkedHashSet<>();
        if (!topics.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException(
                                "cannot create topic " + result.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new TimeoutException(
                            "topic " + result.getKey() + " not created within " + timeout.toMillis() + " ms");
                } catch (InterruptedException e) {
                    throw new InterruptException(e);
                }
            }
        }
        Map<String, Integer> expectedPartitions = new LinkedHashMap<>();
        for (NewTopic topic : topics) {
            expectedPartitions.put(topic.name(), topic.numPartitions()); // -1 when left to the broker
        }
        Map<String, TopicDescription> descriptions = awaitReady(admin, expectedPartitions.keySet(), deadline, timeout);
        checkPartitionCounts(expectedPartitions, descriptions);
        return created;
    }

    /**
     * Waits until every partition of every topic in {@code topicNames} has a leader and answers
     * {@code Admin.listOffsets} (latest). Topics that do not exist yet are waited for.
     *
     * @throws TimeoutException naming the topics not ready within {@code timeout}
     */
    public static void awaitReady(Admin admin, Collection<String> topicNames, Duration timeout) {
        awaitReady(admin, topicNames, deadlineAfter(timeout), timeout);
    }

    private static Map<String, TopicDescription> awaitReady(
            Admin admin, Collection<String> topicNames, long deadline, Duration timeout) {
        Set<String> names = new TreeSet<>(topicNames);
        if (names.isEmpty()) {
            return Map.of();
        }
        String lastProblem = "not checked yet";
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
                String leaderless = null;
                for (TopicDescription description : descriptions.values()) {
                    for (TopicPartitionInfo partition : description.partitions()) {
                        if (partition.leader() == null || partition.leader().isEmpty()) {
                            leaderless = description.name() + "-" + partition.partition();
                        }
                        partitions.put(
                                new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
                    }
                }
                if (leaderless == null) {
                    admin.listOffsets(partitions).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    return descriptions;
                }
                lastProblem = "partition " + leaderless + " has no leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new KafkaException(
                            "topics " + names + " not usable: " + e.getCause().getMessage(), e.getCause());
                }
                lastProblem = e.getCause().getClass().getSimpleName() + ": "
                        + e.getCause().getMessage();
            } catch (java.util.concurrent.TimeoutException e) {
                lastProblem = "the broker did not answer";
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
            if (remainingMs(deadline) <= POLL_INTERVAL_MS) {
                throw new TimeoutException(
                        "topics " + names + " not ready within " + timeout.toMillis() + " ms (" + lastProblem + ")");
            }
            sleep(POLL_INTERVAL_MS);
        }
    }

    private static void checkPartitionCounts(
            Map<String, Integer> expected, Map<String, TopicDescription> descriptions) {
        List<String> mismatches = expected.entrySet().stream()
                .filter(e -> e.getValue() > 0
                        && descriptions.get(e.getKey()).partitions().size() != e.getValue())
                .map(e -> e.getKey() + " has "
                        + descriptions.get(e.getKey()).partitions().size() + " partitions, expected " + e.getValue())
                .toList();
        if (!mismatches.isEmpty()) {
            throw new IllegalStateException(
                    "existing topics differ from their declaration: " + String.join("; ", mismatches));
        }
    }

    private static long deadlineAfter(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return System.nanoTime() + timeout.toNanos();
    }

    private static long remainingMs(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }
}
