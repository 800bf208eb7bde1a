package dev.roocode.processor;

import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the processor, each declared once with type, default, validation and doc; the keys
 * every service shares (cluster, security, topic prefix, registry) come from {@link CommonConfig}.
 * Any other key (ssl.*, Streams or client tuning) passes through to Kafka Streams and to the
 * processor's Admin client unchanged ({@link ClientProperties}).
 */
public final class ProcessorConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS = CommonConfig.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = CommonConfig.SCHEMA_REGISTRY_URL;
    public static final String BASIC_AUTH_USER_INFO = CommonConfig.BASIC_AUTH_USER_INFO;
    public static final String TOPIC_PREFIX = CommonConfig.TOPIC_PREFIX;
    public static final String APPLICATION_ID = "application.id";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String REPLY_TOPICS_ALLOWED = "reply.topics.allowed";
    public static final String DEDUP_RETENTION_MS = "dedup.retention.ms";
    public static final String ROUTE_MAX_ATTEMPTS = "route.max.attempts";
    public static final String ROUTE_DEFER_HORIZON_MS = "route.defer.horizon.ms";
    public static final String ROUTE_DEFER_INTERVAL_MS = "route.defer.interval.ms";
    public static final String ROUTE_DEFER_MARGIN_MS = "route.defer.margin.ms";
    public static final String ROUTE_OUTAGE_MAX_WAIT_MS = "route.outage.max.wait.ms";
    public static final String ROUTE_BATCH_MARGIN_MS = "route.batch.margin.ms";
    public static final String STATE_DIR = "state.dir";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    /** The processor's default health port (the connectors' is 7072). */
    public static final int DEFAULT_HTTP_PORT = 7071;

    public static final ConfigDef CONFIG = CommonConfig.defineMetrics(
                    CommonConfig.defineHttp(CommonConfig.define(CommonConfig.Registry.REQUIRED), DEFAULT_HTTP_PORT))
            .define(
                    APPLICATION_ID,
                    Type.STRING,
                    "roocode-processor",
                    Importance.MEDIUM,
                    "Kafka Streams application id: consumer group, transactional id and internal topic prefix.")
            .define(
                    PROCESSING_GUARANTEE,
                    Type.STRING,
                    StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                    Importance.MEDIUM,
                    "exactly_once_v2 (one Result per requestId even across crashes) or at_least_once.")
            .define(
                    COMMIT_INTERVAL_MS,
                    Type.LONG,
                    100L,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "How often Streams commits; bounds the latency each transactional hop adds.")
            .define(
                    REPLY_TOPICS_ALLOWED,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Regex of reply topics a job of the shared jobs topic may name; empty means the results topic and "
                            + "<prefix>replies.*. Topics in a tenant namespace (<prefix>tenant.*) are refused whatever it says: "
                            + "only a job written to tenant T's jobs topic may name one, in T's namespace (docs/tenants.md).")
            .define(
                    DEDUP_RETENTION_MS,
                    Type.LONG,
                    Duration.ofDays(7).toMillis(),
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "How long finished requestIds are remembered; a resubmission within it gets no new Result.")
            .define(
                    ROUTE_MAX_ATTEMPTS,
                    Type.INT,
                    3,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Providers tried at most per job before it fails.")
            .define(
                    ROUTE_DEFER_HORIZON_MS,
                    Type.LONG,
                    Deferral.DEFAULT.horizon().toMillis(),
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "Most work (backlog drain time at the provider's rate limits) the router queues at a provider for COST jobs "
                            + "that could wait; such a job whose cheapest in-time provider is fuller than this waits in the router "
                            + "(the deferred-jobs store) instead of going to a dearer one. 0 turns deferral off.")
            .define(
                    ROUTE_DEFER_INTERVAL_MS,
                    Type.LONG,
                    Deferral.DEFAULT.interval().toMillis(),
                    Range.atLeast(10),
                    Importance.LOW,
                    "How often waiting jobs are reconsidered, earliest deadline first.")
            .define(
                    ROUTE_DEFER_MARGIN_MS,
                    Type.LONG,
                    Deferral.DEFAULT.margin().toMillis(),
                    Range.atLeast(0),
                    Importance.LOW,
                    "Slack a waiting job keeps before its deadline on the provider it would fall back to (covers the commit "
                            + "interval, the provider-state lag and providers slower than their limits).")
            .define(
                    ROUTE_OUTAGE_MAX_WAIT_MS,
                    Type.LONG,
                    ProcessorSettings.DEFAULT_OUTAGE_MAX_WAIT.toMillis(),
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "How long a job without a deadline waits out an outage of its only provider (in the outage-waits store) "
                            + "before it fails; a job with a deadline waits until its deadline. 0: such jobs fail at once, as "
                            + "before outage waits existed.")
            .define(
                    ROUTE_BATCH_MARGIN_MS,
                    Type.LONG,
                    BatchCandidates.DEFAULT_MARGIN.toMillis(),
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "COST routing sends a job to a provider's batch candidate (<provider>:batch, half price through its "
                            + "batch API) only when the job's deadline is at least the batch turnaround plus this far away: "
                            + "the time left to serve it realtime if its batch line fails or expires.")
            .define(
                    STATE_DIR,
                    Type.STRING,
                    System.getProperty("java.io.tmpdir") + "/roocode-streams",
                    Importance.LOW,
                    "Folder of the local state stores (rebuilt from changelogs when lost).")
            .define(
                    NUM_STREAM_THREADS,
                    Type.INT,
                    1,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Stream threads in this process.")
            .define(
                    SHUTDOWN_TIMEOUT_MS,
                    Type.LONG,
                    30_000L,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "On SIGTERM, how long the processor may take to finish its open transactions, commit and leave its"
                            + " consumer group; past it, it exits 3 and the next owner of its tasks redoes the open ones.");

    public ProcessorConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    public Topics topics() {
        return Topics.withPrefix(getString(TOPIC_PREFIX));
    }

    /** How COST jobs with time to spare wait for cheaper room. */
    public Deferral deferral() {
        return new Deferral(
                Duration.ofMillis(getLong(ROUTE_DEFER_HORIZON_MS)),
                Duration.ofMillis(getLong(ROUTE_DEFER_INTERVAL_MS)),
                Duration.ofMillis(getLong(ROUTE_DEFER_MARGIN_MS)));
    }

    /** How long a job without a deadline waits out its only provider's outage. */
    public Duration outageMaxWait() {
        return Duration.ofMillis(getLong(ROUTE_OUTAGE_MAX_WAIT_MS));
    }

    /** How much of a job's deadline must be left after a batch candidate's turnaround for COST routing to use it. */
    public Duration batchMargin() {
        return Duration.ofMillis(getLong(ROUTE_BATCH_MARGIN_MS));
    }

    public Duration shutdownTimeout() {
        return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS));
    }

    /** The reply-topic allowlist regex, defaulted from the prefix. */
    public String replyTopicsAllowed() {
        String regex = getString(REPLY_TOPICS_ALLOWED);
        return regex.isBlank() ? topics().defaultReplyTopicsAllowed() : regex;
    }

    /** The exactly-once producers' transaction timeout unless configured ({@code producer.transaction.timeout.ms}). */
    static final int TRANSACTION_TIMEOUT_MS = 60_000;

    /**
     * How often the main consumer looks for new tenants' jobs topics unless configured
     * ({@code main.consumer.metadata.max.age.ms}, {@code consumer.metadata.max.age.ms} or {@code metadata.max.age.ms}).
     */
    static final int TENANT_TOPICS_REFRESH_MS = 30_000;

    /** The schema registry client's settings: URL and basic auth. */
    public Map<String, Object> registryProperties() {
        return ClientProperties.registry(values());
    }

    /**
     * Properties of the processor's own Admin client (it counts dispatch partitions): the same
     * cluster and security settings as Streams, plus {@code admin.*} overrides.
     */
    public Map<String, Object> adminProperties() {
        return ClientProperties.of(CONFIG, originals()).admin();
    }

    /** Kafka Streams properties: ours mapped, everything undeclared passed through. */
    public Properties streamsProperties() {
        Map<String, Object> props = ClientProperties.of(CONFIG, originals()).streams();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS)));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS));
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        // jobs, outcomes and fallback share a task but need no timestamp order between them; without
        // this the task waits on its (mostly empty) fallback partition before processing the others
        props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Streams gives exactly-once producers 10 s per transaction. On a starved machine a commit of a batch
        // with large jobs took longer: the coordinator aborted it, fenced the producer, the task was migrated,
        // restored and ran the same batch again, and no Result came out for minutes (issue #14, reliability
        // suite's poison case beside a CPU hog). A restarted processor fences its old transaction at once (same
        // state dir, same transactional id), so a longer timeout only matters when one never comes back.
        if (!props.containsKey(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
                && !props.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS);
        }
        // tenants' jobs topics are read by pattern, and the main consumer matches the pattern again at each metadata
        // refresh: 30 s instead of the client's 5 minutes before a new tenant's first job is read
        String metadataMaxAge = ConsumerConfig.METADATA_MAX_AGE_CONFIG;
        if (!props.containsKey(metadataMaxAge)
                && !props.containsKey(StreamsConfig.consumerPrefix(metadataMaxAge))
                && !props.containsKey(StreamsConfig.mainConsumerPrefix(metadataMaxAge))) {
            props.put(StreamsConfig.mainConsumerPrefix(metadataMaxAge), TENANT_TOPICS_REFRESH_MS);
        }
        Properties properties = new Properties();
        properties.putAll(props);
        return properties;
    }

    /** The configuration reference as reStructuredText, for docs/. */
    public static String toRst() {
        return CONFIG.toRst();
    }
}
