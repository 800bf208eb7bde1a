package dev.roocode.sandbox.registry;

import dev.roocode.core.config.Settings;
import dev.roocode.core.service.Readiness;
import dev.roocode.core.service.ServiceHttp;
import dev.roocode.core.service.ServiceHttp.ServiceHttpException;
import dev.roocode.schemas.config.CommonConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code roocode-registry [registry.properties]}: the embedded Confluent-compatible schema registry
 * ({@link EmbeddedSchemaRegistry}) as a standalone service, for clusters that have no registry of
 * their own. Its state is its {@code _schemas} topic, so it can be stopped, moved and restarted.
 *
 * <p>Settings come from the file, overridden by {@code ROOCODE_*} environment variables (see
 * {@link Settings} and {@link RegistryConfig}). It serves {@code /health/live} and
 * {@code /health/ready} on {@code http.port} (ready once the topic has been read to its end and
 * the REST API answers), retries an unreachable cluster with one log line per attempt, and stops
 * on SIGTERM or SIGINT with exit code 0. Exit code 2: a bad setting, a missing config file or a
 * port in use, each reported as one line.
 */
public final class RegistryMain {
    private static final Logger log = LoggerFactory.getLogger(RegistryMain.class);
    private static final long RETRY_MS = 5_000;
    static final String USAGE = """
            Usage: roocode-registry [CONFIG_FILE]
            Runs Roocode's Confluent-compatible schema registry as a service, its state in a Kafka topic.
            CONFIG_FILE  properties file (default: config/registry.properties of the distribution);
                         ROOCODE_<KEY> environment variables override it (ROOCODE_BOOTSTRAP_SERVERS
                         sets bootstrap.servers). Keys: docs/configuration.md.
            Exit codes: 0 stopped by SIGTERM/SIGINT, 2 configuration error or port in use.""";

    private final RegistryConfig config;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean ready;
    private volatile boolean stopping;

    private RegistryMain(RegistryConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(USAGE);
            return;
        }
        RegistryConfig config;
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        try {
            config = load(file, System.getenv());
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        log.info(startLine(version(), file, config));
        System.exit(new RegistryMain(config).run());
    }

    /** The settings of {@code file} (may be null) and {@code env}; one-line errors as {@link ConfigException}. */
    static RegistryConfig load(Path file, Map<String, String> env) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new ConfigException("no such config file: " + file);
        }
        try {
            return new RegistryConfig(Settings.load(file, env));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** Version, config source and every declared setting, secrets hidden; pass-through keys by name only. */
    static String startLine(String version, Path file, RegistryConfig config) {
        StringJoiner settings = new StringJoiner(", ");
        for (ConfigDef.ConfigKey key : RegistryConfig.CONFIG.configKeys().values()) {
            Object value = config.values().get(key.name);
            settings.add(key.name + "=" + (key.type == ConfigDef.Type.PASSWORD && value != null ? "[hidden]" : value));
        }
        List<String> passThrough = config.originals().keySet().stream()
                .filter(k -> !RegistryConfig.CONFIG.names().contains(k))
                .sorted()
                .toList();
        return "roocode-registry " + version + " starting; config "
                + (file == null ? "(none)" : file.toAbsolutePath().normalize()) + " + ROOCODE_* environment; "
                + settings + (passThrough.isEmpty() ? "" : "; Kafka client settings passed through: " + passThrough);
    }

    private int run() throws InterruptedException {
        ServiceHttp http = null;
        int httpPort = config.getInt(CommonConfig.HTTP_PORT);
        if (httpPort >= 0) {
            try {
                http = ServiceHttp.start(
                        config.getString(CommonConfig.HTTP_HOST),
                        httpPort,
                        () -> !stopping,
                        () -> ready
                                ? Readiness.ready(topic() + " read to its end")
                                : Readiness.notReady("reading " + topic() + " to its end"));
            } catch (ServiceHttpException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        EmbeddedSchemaRegistry registry = null;
        try {
            while (registry == null && stopRequested.getCount() > 0) {
                try {
                    registry = build().start();
                } catch (UncheckedIOException e) {
                    // the REST port: nothing a retry mends
                    System.err.println(e.getMessage());
                    return 2;
                } catch (RuntimeException e) {
                    log.warn(
                            "cannot read {} from Kafka at {}: {}; retrying in {} s",
                            topic(),
                            config.getList(CommonConfig.BOOTSTRAP_SERVERS),
                            e.getMessage(),
                            RETRY_MS / 1000);
                    stopRequested.await(RETRY_MS, TimeUnit.MILLISECONDS);
                }
            }
            if (registry != null) {
                ready = true;
                log.info(
                        "roocode-registry ready: schema.registry.url={} (health on port {})",
                        registry.url(),
                        http.port());
                stopRequested.await();
            }
            log.info("roocode-registry stopping");
            return 0;
        } finally {
            stopping = true;
            ready = false;
            if (registry != null) {
                registry.close();
            }
            if (http != null) {
                http.close();
            }
        }
    }

    private EmbeddedSchemaRegistry build() {
        EmbeddedSchemaRegistry.Builder builder = EmbeddedSchemaRegistry.builder()
                .bootstrapServers(String.join(",", config.getList(CommonConfig.BOOTSTRAP_SERVERS)))
                .host(config.getString(RegistryConfig.REGISTRY_HOST))
                .port(config.getInt(RegistryConfig.REGISTRY_PORT))
                .topic(topic());
        config.clientProperties().forEach(builder::clientProperty);
        return builder.build();
    }

    private String topic() {
        return config.getString(RegistryConfig.REGISTRY_TOPIC);
    }

    private static String version() {
        String version = RegistryMain.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
