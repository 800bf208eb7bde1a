package dev.roocode.connectors.worker;

import dev.roocode.connectors.execution.Pacer;
import dev.roocode.connectors.execution.ProviderGuard;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.WorkerState;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the worker's view of its provider ({@link ProviderGuard#health()}: breaker state,
 * rateLimitedUntil, latency and error-rate EWMAs, latency p50/p99 and calls and tokens in the last minute, backlog) to
 * the compacted provider-health topic, keyed by provider: at once after a breaker transition or a new
 * 429 pause, and every {@code interval} otherwise. Each record also carries the worker's state
 * (RUNNING, or CREDENTIAL_REJECTED with its time and reason) and the provider record version it is
 * about; {@link #cannotStart} is the record a connectors process publishes for a worker it could not start. Runs on the poll thread. Nothing is published while
 * the topic does not exist (checked again every minute), so the poll thread never blocks on metadata.
 */
final class ProviderStatePublisher {
    private static final Logger log = LoggerFactory.getLogger(ProviderStatePublisher.class);
    private static final Duration TOPIC_RECHECK = Duration.ofMinutes(1);

    private final String provider;
    private final long configVersion;
    private final Instant startedAt;
    private final TopicSpec<ProviderState> topic;
    private final AvroSerde<ProviderState> serde;
    private final ProviderGuard guard;
    private final Clock clock;
    private final Duration interval;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private Instant lastPublish = Instant.EPOCH;
    private Instant lastTopicCheck = Instant.EPOCH;
    private boolean topicExists;
    private BreakerState lastBreaker = BreakerState.CLOSED;
    private Instant lastRateLimitedUntil;
    private boolean rejectionLogged;

    ProviderStatePublisher(
            ProviderConfig provider,
            TopicSpec<ProviderState> topic,
            SchemaRegistryClient registry,
            ProviderGuard guard,
            Clock clock,
            Duration interval) {
        this.provider = provider.getName();
        this.configVersion = provider.getVersion();
        this.startedAt = clock.instant();
        this.topic = topic;
        this.serde = topic.valueSerde(registry);
        this.guard = guard;
        this.clock = clock;
        this.interval = interval;
        guard.onTransition(() -> changed.set(true));
    }

    /** Publishes if the state changed or the interval passed. */
    void maybePublish(Consumer<?, ?> consumer, Producer<String, byte[]> producer, long backlog) {
        Instant now = clock.instant();
        // called on every poll: only the cheap transition checks here, the whole health (it sorts the latency
        // window, a fifth of the worker thread when it was done on each poll) only for a publication
        BreakerState breaker = guard.breakerState();
        Instant rateLimitedUntil = guard.rateLimitedUntil();
        boolean transition = changed.getAndSet(false)
                || breaker != lastBreaker
                || (rateLimitedUntil != null && !rateLimitedUntil.equals(lastRateLimitedUntil));
        if (!transition && Duration.between(lastPublish, now).compareTo(interval) < 0) {
            return;
        }
        if (!topicExists(consumer, now)) {
            return;
        }
        ProviderGuard.Health health = guard.health();
        if (health.breaker() != lastBreaker) {
            log.info("provider={} circuit {} -> {}", provider, lastBreaker, health.breaker());
        }
        ProviderGuard.Rejection rejection = health.rejection();
        if (rejection != null && !rejectionLogged) {
            rejectionLogged = true;
            log.warn(
                    "provider={} credential rejected at {} ({}): no more calls; its jobs fail over as AUTHENTICATION until the provider"
                            + " is updated with a working key",
                    provider,
                    rejection.at(),
                    rejection.reason());
        }
        lastBreaker = health.breaker();
        lastRateLimitedUntil = health.rateLimitedUntil();
        lastPublish = now;
        ProviderState state = ProviderState.newBuilder()
                .setProvider(provider)
                .setWindowStart(now.minus(Pacer.WINDOW))
                .setRequestsInWindow(health.requestsInWindow())
                .setTokensInWindow(health.tokensInWindow())
                .setBacklog(backlog)
                .setLatencyEwmaMs(health.latencyEwmaMs())
                .setLatencyP50Ms(health.latencyP50Ms())
                .setLatencyP99Ms(health.latencyP99Ms())
                .setErrorRate(health.errorRate())
                .setBreaker(health.breaker())
                .setRateLimitedUntil(health.rateLimitedUntil())
                .setUpdatedAt(now)
                .setWorker(rejection == null ? WorkerState.RUNNING : WorkerState.CREDENTIAL_REJECTED)
                .setWorkerReason(rejection == null ? null : rejection.reason())
                .setWorkerSince(rejection == null ? startedAt : rejection.at())
                .setConfigVersion(configVersion)
                .build();
        try {
            producer.send(
                    new ProducerRecord<>(topic.name(), provider, serde.serialize(topic.name(), state)),
                    (metadata, failure) -> {
                        if (failure != null) {
                            log.info("provider={} provider-health not published: {}", provider, failure.toString());
                        }
                    });
        } catch (KafkaException e) {
            log.info("provider={} provider-health not published: {}", provider, e.toString());
        }
    }

    /**
     * The record of a provider whose worker could not start: CANNOT_START with {@code reason} (one
     * line, never a secret), about the provider record's version, so the router stops sending it jobs
     * until the provider changes. Everything else is at its default.
     */
    static ProviderState cannotStart(ProviderConfig provider, String reason, Instant now) {
        return ProviderState.newBuilder()
                .setProvider(provider.getName())
                .setWindowStart(now)
                .setUpdatedAt(now)
                .setWorker(WorkerState.CANNOT_START)
                .setWorkerReason(reason)
                .setWorkerSince(now)
                .setConfigVersion(provider.getVersion())
                .build();
    }

    private boolean topicExists(Consumer<?, ?> consumer, Instant now) {
        if (topicExists || Duration.between(lastTopicCheck, now).compareTo(TOPIC_RECHECK) < 0) {
            return topicExists;
        }
        lastTopicCheck = now;
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(2));
            topicExists = partitions != null && !partitions.isEmpty();
        } catch (KafkaException e) {
            topicExists = false;
        }
        if (!topicExists) {
            log.info("provider={} topic {} does not exist; provider state is not published", provider, topic.name());
        }
        return topicExists;
    }
}
