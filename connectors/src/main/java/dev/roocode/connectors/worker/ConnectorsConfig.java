package dev.roocode.connectors.worker;

import dev.roocode.connectors.execution.ProviderGuard;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of a connectors process. Every key is declared once in {@link #CONFIG_DEF} (render
 * the reference with {@code CONFIG_DEF.toRst()}); the keys every service shares (cluster, security,
 * topic prefix, registry) come from {@link CommonConfig}. Any other key (ssl.*, client tuning)
 * passes through unchanged to every consumer and producer; keys prefixed {@code consumer.} or
 * {@code producer.} go to that client only, without the prefix ({@link ClientProperties}).
 */
public final class ConnectorsConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = CommonConfig.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = CommonConfig.SCHEMA_REGISTRY_URL;
    public static final String BASIC_AUTH_USER_INFO = CommonConfig.BASIC_AUTH_USER_INFO;
    public static final String TOPIC_PREFIX = CommonConfig.TOPIC_PREFIX;
    public static final String REVOCATION_TIMEOUT_MS = "worker.revocation.timeout.ms";
    public static final String COMMIT_INTERVAL_MS = "worker.commit.interval.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    /** The per-worker name {@link #SHUTDOWN_TIMEOUT_MS} had before it covered the whole process; still read. */
    public static final String WORKER_SHUTDOWN_TIMEOUT_MS = "worker.shutdown.timeout.ms";
    /** The connectors' default health port (the processor's is 7071). */
    public static final int DEFAULT_HTTP_PORT = 7072;

    public static final String HTTP_THREADS = "worker.http.threads";
    public static final String STATE_INTERVAL_MS = "worker.state.interval.ms";
    public static final String CREDENTIAL_REJECTIONS = "worker.credential.rejections";
    public static final String DRAIN_LINGER_MS = "worker.drain.linger.ms";
    public static final String BATCH_FALLBACK_MARGIN_MS = "batch.fallback.margin.ms";
    public static final String BATCH_POLL_INITIAL_MS = "batch.poll.initial.ms";
    public static final String BATCH_POLL_MAX_MS = "batch.poll.max.ms";
    public static final String GROUP_INSTANCE_ID = "group.instance.id";
    public static final String CONSUMER_PREFIX = ClientProperties.CONSUMER_PREFIX;
    public static final String PRODUCER_PREFIX = ClientProperties.PRODUCER_PREFIX;

    /** The declared keys, with types, defaults, validation and docs. */
    public static final ConfigDef CONFIG_DEF = CommonConfig.defineMetrics(
                    CommonConfig.defineHttp(CommonConfig.define(CommonConfig.Registry.OPTIONAL), DEFAULT_HTTP_PORT))
            .define(
                    REVOCATION_TIMEOUT_MS,
                    Type.LONG,
                    10_000L,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "How long a worker waits for in-flight calls of revoked partitions before committing their completed prefix."
                            + " Later completions are still published.")
            .define(
                    COMMIT_INTERVAL_MS,
                    Type.LONG,
                    100L,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "How often a worker commits finished records at the latest. A record holds its window slot until a commit"
                            + " covers it, so a worker also commits at once when finished records hold half its window.")
            .define(
                    SHUTDOWN_TIMEOUT_MS,
                    Type.LONG,
                    30_000L,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "On SIGTERM (or a provider's worker stopping), how long a worker waits for its in-flight calls and"
                            + " their outcome records before it commits and leaves its group; calls still open then are"
                            + " not committed (the next owner repeats them) and the process exits 3.")
            .define(
                    WORKER_SHUTDOWN_TIMEOUT_MS,
                    Type.LONG,
                    null,
                    ConfigDef.LambdaValidator.with(
                            (name, value) -> {
                                if (value != null && (Long) value < 0) {
                                    throw new ConfigException(name, value, "Value must be at least 0");
                                }
                            },
                            () -> "[0,...]"),
                    Importance.LOW,
                    "Deprecated name of shutdown.timeout.ms; when set, it wins.")
            .define(
                    HTTP_THREADS,
                    Type.INT,
                    2,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Threads per worker running HTTP client callbacks (response parsing, retry decisions).")
            .define(
                    STATE_INTERVAL_MS,
                    Type.LONG,
                    5_000L,
                    Range.atLeast(10),
                    Importance.LOW,
                    "How often a worker publishes its view of the provider (breaker, rate limit, latency, error rate) to"
                            + " <prefix>provider-health; it also publishes on every breaker transition.")
            .define(
                    CREDENTIAL_REJECTIONS,
                    Type.INT,
                    ProviderGuard.DEFAULT_CREDENTIAL_REJECTIONS,
                    Range.atLeast(1),
                    Importance.LOW,
                    "After this many AUTHENTICATION or PERMISSION failures in a row (401/403, no success between), a worker"
                            + " marks its provider CREDENTIAL_REJECTED on <prefix>provider-health and stops calling it: the jobs it"
                            + " holds and reads next fail over as AUTHENTICATION without a call, and the router stops sending"
                            + " it jobs, until the provider's record changes (e.g. 'roocode providers update <name> --key-env ...').")
            .define(
                    DRAIN_LINGER_MS,
                    Type.LONG,
                    30_000L,
                    Range.atLeast(0),
                    Importance.LOW,
                    "When a provider is removed or deactivated, its jobs left on <prefix>dispatch.<provider> go to fallback"
                            + " without a call (re-routed, or FAILED naming the provider); the drain keeps reading the topic for"
                            + " this long after the change, for jobs the router dispatched just before it saw it.")
            .define(
                    BATCH_FALLBACK_MARGIN_MS,
                    Type.LONG,
                    1_800_000L,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "A line of a provider batch whose job's deadline minus this margin comes while the batch is still open"
                            + " goes to fallback at once (a realtime provider serves it; a later batch answer is ignored)."
                            + " Keep it equal to the router's route.batch.margin.ms.")
            .define(
                    BATCH_POLL_INITIAL_MS,
                    Type.LONG,
                    10_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "The first wait between status calls of a submitted provider batch; it doubles after each call that"
                            + " finds the batch still running, up to batch.poll.max.ms.")
            .define(
                    BATCH_POLL_MAX_MS,
                    Type.LONG,
                    300_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "The longest wait between status calls of a submitted provider batch.")
            .define(
                    GROUP_INSTANCE_ID,
                    Type.STRING,
                    null,
                    Importance.LOW,
                    "Static group membership: each provider's worker consumer joins its group as <this>-<provider>, so a"
                            + " restarted process with the same value takes over its old assignment at once instead of waiting"
                            + " for the dead member's session to expire. Must be unique per connectors process and stable across"
                            + " its restarts. Unset (the default): dynamic membership.");

    public ConnectorsConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    public Topics topics() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    public Duration revocationTimeout() {
        return Duration.ofMillis(getLong(REVOCATION_TIMEOUT_MS));
    }

    public Duration commitInterval() {
        return Duration.ofMillis(getLong(COMMIT_INTERVAL_MS));
    }

    /** {@code shutdown.timeout.ms}, or the deprecated {@code worker.shutdown.timeout.ms} when set. */
    public Duration shutdownTimeout() {
        Long old = getLong(WORKER_SHUTDOWN_TIMEOUT_MS);
        return Duration.ofMillis(old != null ? old : getLong(SHUTDOWN_TIMEOUT_MS));
    }

    public Duration stateInterval() {
        return Duration.ofMillis(getLong(STATE_INTERVAL_MS));
    }

    /** Consecutive AUTHENTICATION/PERMISSION failures after which the worker stops calling its provider. */
    public int credentialRejections() {
        return getInt(CREDENTIAL_REJECTIONS);
    }

    /** How long after a provider's removal or deactivation its dispatch topic is still drained; see {@link ProviderDrain}. */
    public Duration drainLinger() {
        return Duration.ofMillis(getLong(DRAIN_LINGER_MS));
    }

    /** {@code batch.fallback.margin.ms}: how long before its deadline a batch line is given up for a realtime provider. */
    public Duration batchFallbackMargin() {
        return Duration.ofMillis(getLong(BATCH_FALLBACK_MARGIN_MS));
    }

    /** {@code batch.poll.initial.ms}: the first wait between status calls of a provider batch. */
    public Duration batchPollInitial() {
        return Duration.ofMillis(getLong(BATCH_POLL_INITIAL_MS));
    }

    /** {@code batch.poll.max.ms}: the longest wait between status calls of a provider batch. */
    public Duration batchPollMax() {
        return Duration.ofMillis(getLong(BATCH_POLL_MAX_MS));
    }

    /** The static membership id of this process's worker consumers, if configured. */
    public Optional<String> groupInstanceId() {
        String id = getString(GROUP_INSTANCE_ID);
        return id == null || id.isBlank() ? Optional.empty() : Optional.of(id);
    }

    public int httpThreads() {
        return getInt(HTTP_THREADS);
    }

    /** The schema registry client's settings: URL and basic auth. */
    public Map<String, Object> registryProperties() {
        return ClientProperties.registry(values());
    }

    /** Settings for an Admin client: the same cluster and security settings, plus {@code admin.*} overrides. */
    public Map<String, Object> adminProps() {
        return ClientProperties.of(CONFIG_DEF, originals()).admin();
    }

    /** Settings for consumers: bootstrap servers, pass-through keys and {@code consumer.*} overrides. */
    public Map<String, Object> consumerProps() {
        return ClientProperties.of(CONFIG_DEF, originals()).consumer();
    }

    /**
     * Settings for producers: bootstrap servers, pass-through keys and {@code producer.*} overrides,
     * less any {@code partitioner.class}: outcomes must land on the partition Kafka's default
     * (murmur2) partitioner picks for their requestId, where the processor keeps that request's state.
     */
    public Map<String, Object> producerProps() {
        Map<String, Object> props = ClientProperties.of(CONFIG_DEF, originals()).producer();
        props.remove(ProducerConfig.PARTITIONER_CLASS_CONFIG);
        return props;
    }
}
