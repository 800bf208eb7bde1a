package dev.roocode.processor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers whether a topic exists, so the topology never sends to a missing topic (a send there
 * would block the stream thread for max.block.ms). Known topics are cached for good. A name asked
 * about for the first time (or not within {@link #REFRESH_INTERVAL}) is described on its own, so a
 * topic created just before its first job (roocode-api's reply topic, made at start) is found however
 * recently the list was read; a name still missing refreshes the list at most once per
 * {@link #REFRESH_INTERVAL}. Also answers a topic's partition count, asked when a task opens (see
 * {@link #partitions(String)}).
 */
final class TopicCatalog implements Predicate<String>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicCatalog.class);
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_MISSING = 10_000;

    private final Admin admin;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** topic → its partition count when last described. */
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

    /** Missing names → when each was last described: a name is described on its own at most once per interval. */
    private final Map<String, Long> missing = new ConcurrentHashMap<>();

    private volatile long lastRefreshNanos;

    TopicCatalog(Admin admin) {
        this.admin = admin;
    }

    @Override
    public boolean test(String topic) {
        if (known.contains(topic)) {
            return true;
        }
        long now = System.nanoTime();
        Long described = missing.get(topic);
        if (described == null || now - described > REFRESH_INTERVAL.toNanos()) {
            if (describe(topic)) {
                missing.remove(topic);
                return true;
            }
            if (missing.size() >= MAX_MISSING) {
                missing.clear(); // bounded: many distinct missing names cost a describe each, never memory
            }
            missing.put(topic, now);
        }
        if (lastRefreshNanos == 0 || now - lastRefreshNanos > REFRESH_INTERVAL.toNanos()) {
            refresh(now);
        }
        return known.contains(topic);
    }

    /** Whether {@code topic} exists, asked of the broker for it alone; remembered when it does. */
    private boolean describe(String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS);
            known.add(topic);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                log.warn("Cannot describe topic {}: {}", topic, e.getCause().getMessage());
            }
            return false;
        } catch (TimeoutException e) {
            log.warn("Cannot describe topic {}: no answer within 5 s", topic);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized void refresh(long now) {
        if (lastRefreshNanos != 0 && now - lastRefreshNanos <= REFRESH_INTERVAL.toNanos()) {
            return;
        }
        try {
            known.addAll(admin.listTopics().names().get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            log.warn("Cannot list topics: {}", e.getMessage());
        }
        lastRefreshNanos = System.nanoTime();
    }

    /**
     * {@code topic}'s partition count, described afresh on every call (tasks ask when they open, which
     * a change of partition count causes too); when the broker does not answer, the last count known,
     * or an exception when there is none (the task fails to open and Streams retries it).
     */
    int partitions(String topic) {
        try {
            int count = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(5, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            partitionCounts.put(topic, count);
            return count;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        } catch (Exception e) {
            Integer last = partitionCounts.get(topic);
            if (last == null) {
                throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
            }
            log.warn(
                    "Cannot describe topic {}, using its last known partition count {}: {}",
                    topic,
                    last,
                    e.getMessage());
            return last;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
