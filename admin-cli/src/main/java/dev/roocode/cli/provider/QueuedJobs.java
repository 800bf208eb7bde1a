package dev.roocode.cli.provider;

import dev.roocode.cli.connection.Connection;
import dev.roocode.connectors.worker.ProviderWorker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many jobs wait on a provider's dispatch topic for its workers: per partition, the end offset minus the workers'
 * group's committed offset (the beginning offset where the group has committed none). An upper bound: the records a
 * worker finished beyond its committed offset (listed in the commit's metadata) count as waiting. Told when a provider
 * is removed or deactivated, counted before the change is written: the connectors then send those jobs to fallback
 * without a call (re-routed, or FAILED naming the provider), so the count falls to zero soon after.
 */
final class QueuedJobs {
    private QueuedJobs() {}

    /** The count, or -1 when the cluster cannot say (no dispatch topic, or no answer in the connection's timeout). */
    static long count(Connection cluster, String provider) {
        String topic = cluster.topics().dispatch(provider).name();
        Admin admin = cluster.admin();
        long timeoutMs = cluster.timeout().toMillis();
        try {
            List<TopicPartition> partitions = admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(tp -> {
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            });
            var ends = admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            var starts = admin.listOffsets(earliest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            ProviderWorker.groupId(provider))
                    .partitionsToOffsetAndMetadata()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            long queued = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata done = committed.get(tp);
                long from = Math.max(starts.get(tp).offset(), done == null ? 0 : done.offset());
                queued += Math.max(0, ends.get(tp).offset() - from);
            }
            return queued;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What becomes of the jobs queued for a provider that is removed or deactivated. */
    static final String FATE =
            "the connectors send them on without calling it: each is re-routed to another provider of its route,"
                    + " or FAILED with an error naming the provider";

    /** The line saying that {@code queued} jobs were queued and what becomes of them, or null when none were (or none can be counted). */
    static String note(Connection cluster, String provider, long queued, String what) {
        if (queued <= 0) {
            return null;
        }
        return "note: " + queued + (queued == 1 ? " job was" : " jobs were") + " queued for " + provider + " on "
                + cluster.topics().dispatch(provider).name() + "; " + what;
    }
}
