package dev.roocode.api;

import dev.roocode.core.config.Settings;
import dev.roocode.core.service.ExitCodes;
import dev.roocode.core.service.StopSignals;
import dev.roocode.core.service.Version;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.config.StartupChecks;
import dev.roocode.schemas.config.StartupException;
import dev.roocode.schemas.config.StartupLine;
import dev.roocode.schemas.metrics.ServiceMetrics;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.net.BindException;
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
 * {@code java dev.roocode.api.ApiMain [api.properties]}: runs roocode-api, the OpenAI-compatible HTTP API, as a
 * service until SIGTERM/SIGINT. {@code ROOCODE_*} environment variables override the file (see {@link Settings}).
 * It waits for the brokers and the registry with a periodic warning (as the processor does), then serves the API,
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} on {@code http.port} and logs one start-up line.
 * On SIGTERM it refuses new requests and lets those in progress finish within {@code shutdown.timeout.ms}.
 * Keys are the cluster's ({@code roocode keys create}). docs/services.md describes it, exit codes ({@link
 * ExitCodes}) included.
 */
public final class ApiMain {
    private static final Logger log = LoggerFactory.getLogger(ApiMain.class);
    static final String SERVICE = "roocode-api";

    private ApiMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        Map<String, Object> settings;
        ApiConfig config;
        try {
            settings = Settings.load(file, env);
            config = new ApiConfig(settings);
        } catch (NoSuchFileException e) {
            return fail("configuration error: config file " + file + " does not exist");
        } catch (IOException e) {
            return fail("configuration error: cannot read config file " + file + ": " + e.getMessage());
        } catch (ConfigException | IllegalArgumentException e) {
            // a bad or missing setting (or a malformed file): one line naming the key, not a stack trace
            return fail("configuration error: " + e.getMessage());
        }
        if (config.getInt(CommonConfig.HTTP_PORT) < 0) {
            return fail("configuration error: " + CommonConfig.HTTP_PORT + "=" + config.getInt(CommonConfig.HTTP_PORT)
                    + ": roocode-api serves its API on this port; give a port (0 picks a free one)");
        }
        StartupLine.unknownKeys(settings, ApiConfig.CONFIG, Set.of(), List.of())
                .forEach(key -> log.warn(StartupLine.unknownKeyWarning(key)));
        StopSignals stop = StopSignals.install(
                () -> log.warn("second signal: stopping at once; requests in progress are cut off (their jobs go on)"));
        SchemaRegistryClient registry;
        try {
            registry = RestSchemaRegistryClient.fromConfig(ClientProperties.registry(config.values()));
        } catch (IllegalArgumentException e) {
            stop.stopped();
            return fail("configuration error: " + e.getMessage());
        }
        ServiceMetrics metrics = ServiceMetrics.fromConfig(config);
        try {
            return serve(file, env, settings, config, registry, metrics, stop);
        } catch (StartupException e) {
            return fail(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FATAL;
        } catch (RuntimeException e) {
            if (portInUse(e)) {
                return fail("cannot serve the API on " + config.getString(CommonConfig.HTTP_HOST) + ":"
                        + config.getInt(CommonConfig.HTTP_PORT) + ": the port is already in use (set "
                        + CommonConfig.HTTP_PORT + ")");
            }
            log.error("{} stopped by an unexpected error", SERVICE, e);
            return ExitCodes.FATAL;
        } finally {
            metrics.close();
            registry.close();
            stop.stopped();
        }
    }

    private static int serve(
            Path file,
            Map<String, String> env,
            Map<String, Object> settings,
            ApiConfig config,
            SchemaRegistryClient registry,
            ServiceMetrics metrics,
            StopSignals stop)
            throws InterruptedException {
        List<String> servers = config.getList(CommonConfig.BOOTSTRAP_SERVERS);
        if (!StartupChecks.awaitBroker(servers, stop::stopping)) {
            return stopped(stop);
        }
        StartupChecks.checkBrokerLogin(
                ClientProperties.of(ApiConfig.CONFIG, config.originals()).admin(), servers);
        String registryUrl = StartupChecks.registryUrl(ClientProperties.registry(config.values()));
        String subject = config.clientConfig().topics().jobs().name() + "-value";
        if (!StartupChecks.awaitRegistry(registry, registryUrl, subject, stop::stopping)) {
            return stopped(stop);
        }
        // null: the keys on the cluster (roocode keys create)
        ApiServices api = ApiServices.start(config, registry, null, metrics);
        boolean drained;
        try {
            log.info(StartupLine.of(
                    SERVICE,
                    Version.current(),
                    file,
                    Settings.overrides(env),
                    config.values(),
                    settings,
                    "http://" + config.getString(CommonConfig.HTTP_HOST) + ":"
                            + api.server().port()));
            log.info("{} serving the OpenAI-compatible API at {}", SERVICE, api.baseUrl());
            stop.await();
            Duration timeout = Duration.ofMillis(config.getLong(ApiConfig.SHUTDOWN_TIMEOUT_MS));
            log.info(
                    "stopping ({}): refusing new requests, letting those in progress finish within {}",
                    stop.reason(),
                    timeout);
            drained = api.close(timeout);
        } catch (InterruptedException | RuntimeException e) {
            api.close();
            throw e;
        }
        if (stop.exitCode() != ExitCodes.OK) {
            log.error("{} stopped: {}", SERVICE, stop.reason());
            return stop.exitCode();
        }
        if (!drained) {
            log.warn(
                    "{} did not finish its requests within {}={} ms: their connections were closed (their jobs and"
                            + " batches go on)",
                    SERVICE,
                    ApiConfig.SHUTDOWN_TIMEOUT_MS,
                    config.getLong(ApiConfig.SHUTDOWN_TIMEOUT_MS));
            return ExitCodes.ABANDONED;
        }
        log.info("{} stopped cleanly", SERVICE);
        return ExitCodes.OK;
    }

    private static boolean portInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static int stopped(StopSignals stop) {
        log.info("{} stopped ({}) before it started", SERVICE, stop.reason());
        return stop.exitCode();
    }

    private static int fail(String line) {
        System.err.println(line);
        return ExitCodes.CONFIG;
    }
}
