package dev.roocode.processor;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers whether a topic exists, so the topology never sends to a missing topic (a send there
 * would block the stream thread for max.block.ms). Known topics are cached for good; an unknown
 * name refreshes the list at most once per {@link #REFRESH_INTERVAL}.
 */
final class TopicCatalog implements Predicate<String>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicCatalog.class);
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);

    private final Admin admin;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
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
        if (lastRefreshNanos == 0 || now - lastRefreshNanos > REFRESH_INTERVAL.toNanos()) {
            refresh(now);
        }
        return known.contains(topic);
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

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
