package dev.roocode.connectors.worker;

import dev.roocode.connectors.metrics.WorkerMetrics;
import dev.roocode.core.config.Settings;
import dev.roocode.core.service.ExitCodes;
import dev.roocode.core.service.Readiness;
import dev.roocode.core.service.ServiceHttp;
import dev.roocode.core.service.StopSignals;
import dev.roocode.core.service.Version;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.config.StartupChecks;
import dev.roocode.schemas.config.StartupException;
import dev.roocode.schemas.config.StartupLine;
import dev.roocode.schemas.metrics.ServiceMetrics;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java dev.roocode.connectors.worker.ConnectorsMain [connectors.properties]}: runs a
 * {@link ConnectorRuntime} as a service until SIGTERM/SIGINT. Settings come from the file,
 * overridden by {@code ROOCODE_*} environment variables ({@code ROOCODE_BOOTSTRAP_SERVERS} →
 * {@code bootstrap.servers}); see {@link Settings} and {@link ConnectorsConfig}. It serves
 * {@code /health/live} and {@code /health/ready} on {@code http.port}, logs one start-up line,
 * waits for the brokers and the registry with a periodic warning, and on SIGTERM stops polling,
 * finishes its in-flight calls within {@code shutdown.timeout.ms}, commits and leaves its groups.
 * docs/services.md describes it, exit codes ({@link ExitCodes}) included.
 */
public final class ConnectorsMain {
    private static final Logger log = LoggerFactory.getLogger(ConnectorsMain.class);
    static final String SERVICE = "roocode-connectors";
    /** What closing may take beyond the workers' wait for in-flight calls: the commit and leaving the groups. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(15);

    private static volatile ConnectorRuntime runtime;
    private static volatile String phase = "starting";

    private ConnectorsMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        Map<String, Object> settings;
        ConnectorsConfig config;
        try {
            settings = Settings.load(file, env);
            config = new ConnectorsConfig(settings);
        } catch (NoSuchFileException e) {
            return fail("configuration error: config file " + file + " does not exist");
        } catch (IOException e) {
            return fail("configuration error: cannot read config file " + file + ": " + e.getMessage());
        } catch (ConfigException | IllegalArgumentException e) {
            // a bad or missing setting (or a malformed file): one line naming the key, not a stack trace
            return fail("configuration error: " + e.getMessage());
        }
        StartupLine.unknownKeys(settings, ConnectorsConfig.CONFIG_DEF, Set.of(), List.of())
                .forEach(key -> log.warn(StartupLine.unknownKeyWarning(key)));
        StopSignals stop = StopSignals.install(() -> {
            ConnectorRuntime current = runtime;
            log.warn(
                    "second signal: stopping at once; {} in-flight call(s) abandoned, not committed: the next owner of"
                            + " their partitions repeats them",
                    current == null ? 0 : current.inFlight());
        });
        SchemaRegistryClient registry;
        try {
            registry = RestSchemaRegistryClient.fromConfig(config.registryProperties());
        } catch (IllegalArgumentException e) {
            return fail("configuration error: " + e.getMessage());
        }
        ServiceHttp http = null;
        ServiceMetrics metrics = ServiceMetrics.fromConfig(config);
        try {
            int port = config.getInt(CommonConfig.HTTP_PORT);
            String host = config.getString(CommonConfig.HTTP_HOST);
            if (port >= 0) {
                http = ServiceHttp.start(host, port, ConnectorsMain::live, ConnectorsMain::readiness);
                metrics.serveOn(http);
            }
            log.info(StartupLine.of(
                    SERVICE,
                    Version.current(),
                    file,
                    Settings.overrides(env),
                    config.values(),
                    settings,
                    http == null ? null : "http://" + host + ":" + http.port()));
            return serve(config, registry, metrics, stop);
        } catch (ServiceHttp.ServiceHttpException | StartupException e) {
            return fail(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FATAL;
        } catch (RuntimeException e) {
            log.error("{} stopped by an unexpected error", SERVICE, e);
            return ExitCodes.FATAL;
        } finally {
            if (http != null) {
                http.close();
            }
            metrics.close();
            registry.close();
            stop.stopped();
        }
    }

    private static int serve(
            ConnectorsConfig config, SchemaRegistryClient registry, ServiceMetrics metrics, StopSignals stop)
            throws InterruptedException {
        List<String> servers = config.getList(CommonConfig.BOOTSTRAP_SERVERS);
        phase = "waiting for bootstrap servers " + String.join(",", servers);
        if (!StartupChecks.awaitBroker(servers, stop::stopping)) {
            return stopped(stop);
        }
        StartupChecks.checkBrokerLogin(config.adminProps(), servers);
        String registryUrl = StartupChecks.registryUrl(config.registryProperties());
        phase = "waiting for schema registry " + registryUrl;
        String subject = config.topics().providers().name() + "-value";
        if (!StartupChecks.awaitRegistry(registry, registryUrl, subject, stop::stopping)) {
            return stopped(stop);
        }
        ConnectorRuntime started =
                new ConnectorRuntime(config, registry, new CredentialResolver(), new WorkerMetrics(metrics));
        runtime = started;
        started.start();
        stop.await();
        Duration timeout = config.shutdownTimeout();
        log.info(
                "stopping ({}): no new calls; waiting up to {} for {} in-flight call(s), then committing and leaving"
                        + " the workers' groups",
                stop.reason(),
                timeout,
                started.inFlight());
        Thread closer = new Thread(started::close, "roocode-connectors-close");
        closer.start();
        closer.join(timeout.plus(CLOSE_MARGIN).toMillis());
        if (closer.isAlive()) {
            log.warn(
                    "{} did not stop within {}={} ms (+{} s to commit): {} in-flight call(s) abandoned, not committed;"
                            + " the next owner of their partitions repeats them",
                    SERVICE,
                    ConnectorsConfig.SHUTDOWN_TIMEOUT_MS,
                    timeout.toMillis(),
                    CLOSE_MARGIN.toSeconds(),
                    started.inFlight());
            return ExitCodes.ABANDONED;
        }
        if (started.abandoned() > 0) {
            log.warn(
                    "{} stopped after {}={} ms with {} call(s) unfinished: not committed, the next owner of their"
                            + " partitions repeats them",
                    SERVICE,
                    ConnectorsConfig.SHUTDOWN_TIMEOUT_MS,
                    timeout.toMillis(),
                    started.abandoned());
            return ExitCodes.ABANDONED;
        }
        log.info("{} stopped cleanly", SERVICE);
        return ExitCodes.OK;
    }

    private static int stopped(StopSignals stop) {
        log.info("{} stopped ({}) before it started", SERVICE, stop.reason());
        return stop.exitCode();
    }

    private static boolean live() {
        ConnectorRuntime current = runtime;
        return current == null || current.live();
    }

    private static Readiness readiness() {
        ConnectorRuntime current = runtime;
        return current == null ? Readiness.notReady(phase) : current.readiness();
    }

    private static int fail(String line) {
        System.err.println(line);
        return ExitCodes.CONFIG;
    }
}
