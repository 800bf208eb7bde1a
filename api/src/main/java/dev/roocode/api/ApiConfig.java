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
    public static final String REQUEST_PARSE_TIMEOUT_MS = "api.http.request.parse.timeout.ms";
    public static final String IDLE_TIMEOUT_MS = "api.http.idle.timeout.ms";
    public static final String MAX_HEADER_BYTES = "api.http.max.header.bytes";
    public static final String WORKER_THREADS = "api.http.worker.threads";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final String INSTANCE_ID = "api.instance.id";
    public static final String REPLIES_RETENTION_MS = "api.replies.retention.ms";
    public static final String CONSOLE_REMOTE_ACCESS = "api.console.remote.access";

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
                    REQUEST_PARSE_TIMEOUT_MS,
                    Type.LONG,
                    10_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "How long a client may take to send a request's line and headers; a slower one (a slowloris client"
                            + " trickling its headers) is disconnected. Bodies are bounded by api.body.max.bytes and"
                            + " api.upload.max.bytes instead.")
            .define(
                    IDLE_TIMEOUT_MS,
                    Type.LONG,
                    60_000L,
                    Range.atLeast(1),
                    Importance.LOW,
                    "How long a kept-alive connection may stay open without a request before it is closed. A"
                            + " connection with a request in progress that sends and receives nothing is closed after"
                            + " api.sync.timeout.ms plus this long.")
            .define(
                    MAX_HEADER_BYTES,
                    Type.INT,
                    64 * 1024,
                    Range.atLeast(1024),
                    Importance.LOW,
                    "Largest request line plus headers; a larger request is refused and its connection closed.")
            .define(
                    WORKER_THREADS,
                    Type.INT,
                    200,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Threads that run requests' blocking work (reading bodies, uploads, creating batches); a synchronous"
                            + " call waiting for its Result holds none. Requests beyond it queue.")
            .define(
                    SHUTDOWN_TIMEOUT_MS,
                    Type.LONG,
                    30_000L,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "On SIGTERM, how long the service lets requests in progress finish (new ones are refused) before it"
                            + " closes their connections and exits 3; their jobs still run and their batches go on.")
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
                            + " once, as they arrive (a restarted instance reads from the end), so an hour is plenty.")
            .define(
                    CONSOLE_REMOTE_ACCESS,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Whether the web console (/console) answers requests from other machines. By default it answers"
                            + " only this machine (a loopback address; a reverse proxy on this machine counts as this"
                            + " machine), whatever http.host is; the API and the JSON admin endpoints are not affected."
                            + " Serve it to other machines only over TLS: its session cookie stands for an admin key.");

    public ApiConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    /** What a multipart upload may carry beyond its file. */
    static final long MULTIPART_FRAMING_BYTES = 64 * 1024;

    /** The largest request body any route accepts: the larger of the upload (with its framing) and JSON body limits. */
    public long maxEntityBytes() {
        // a multipart upload carries its file plus a little framing (boundaries, part headers)
        return Math.max(getLong(UPLOAD_MAX_BYTES) + MULTIPART_FRAMING_BYTES, getLong(BODY_MAX_BYTES));
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
