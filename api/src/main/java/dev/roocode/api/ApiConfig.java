package dev.roocode.api;

import dev.roocode.client.ClientConfig;
import dev.roocode.schemas.config.CommonConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the roocode-api service: the keys every service shares ({@link CommonConfig}), its HTTP
 * endpoint (the API, health and metrics share {@code http.port}) and the API's own limits. Each endpoint
 * group declares its keys here, next to these.
 */
public final class ApiConfig extends AbstractConfig {
    /** The API's default port. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    public static final String FILES_DIR = "api.files.dir";
    public static final String UPLOAD_MAX_BYTES = "api.upload.max.bytes";
    public static final String BODY_MAX_BYTES = "api.body.max.bytes";
    public static final String SYNC_TIMEOUT_MS = "api.sync.timeout.ms";
    public static final String INSTANCE_ID = "api.instance.id";
    public static final String REPLIES_RETENTION_MS = "api.replies.retention.ms";

    public static final ConfigDef CONFIG = CommonConfig.defineMetrics(
                    CommonConfig.defineHttp(CommonConfig.define(CommonConfig.Registry.REQUIRED), DEFAULT_HTTP_PORT))
            .define(
                    FILES_DIR,
                    Type.STRING,
                    "data/files",
                    Importance.HIGH,
                    "Folder of uploaded and produced files (batch input, output and error files), relative to the working"
                            + " directory unless absolute. Keep it on durable storage: a file's content lives only here.")
            .define(
                    UPLOAD_MAX_BYTES,
                    Type.LONG,
                    200L * 1024 * 1024,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Largest file POST /v1/files accepts (OpenAI's batch input limit is 200 MB); larger uploads get 413.")
            .define(
                    BODY_MAX_BYTES,
                    Type.LONG,
                    16L * 1024 * 1024,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Largest JSON request body (chat, embeddings, responses, batches); larger bodies get 413.")
            .define(
                    SYNC_TIMEOUT_MS,
                    Type.LONG,
                    600_000L,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "How long a synchronous call (chat, embeddings, responses) waits for its Result through Kafka before"
                            + " answering 504; its job still runs and is accounted.")
            .define(
                    INSTANCE_ID,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "This instance's name in its reply topic, <prefix>replies.api-<id>, where the Results of its"
                            + " synchronous calls come back (letters, digits, '.', '_', '-'). Give each instance its own;"
                            + " unset: the host name and http.port, so one that restarts on the same host and port reuses"
                            + " its topic.")
            .define(
                    REPLIES_RETENTION_MS,
                    Type.LONG,
                    3_600_000L,
                    Range.atLeast(60_000),
                    Importance.LOW,
                    "Retention of this instance's reply topic, set when the service creates it. Its Results are read"
                            + " once, as they arrive (a restarted instance reads from the end), so an hour is plenty.");

    public ApiConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    /** The Kafka client settings of this service (cluster, registry, security; no tenant). */
    public ClientConfig clientConfig() {
        return new ClientConfig(originalsWithout(ClientConfig.CONFIG));
    }

    private Map<String, Object> originalsWithout(ConfigDef clientDef) {
        Map<String, Object> settings = new java.util.HashMap<>(originals());
        settings.keySet()
                .removeIf(k -> CONFIG.names().contains(k) && !clientDef.names().contains(k));
        return settings;
    }
}
