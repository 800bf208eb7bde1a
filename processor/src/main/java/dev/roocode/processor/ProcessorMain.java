package dev.roocode.processor;

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
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java dev.roocode.processor.ProcessorMain [processor.properties]}: runs the processor as a
 * service until SIGTERM/SIGINT. {@code ROOCODE_*} environment variables override the file (see
 * {@link Settings}). It serves {@code /health/live} and {@code /health/ready} on {@code http.port},
 * logs one start-up line, waits for the brokers and the registry with a periodic warning, and on
 * SIGTERM closes Kafka Streams (commit, leave the group) within {@code shutdown.timeout.ms}.
 * docs/services.md describes it, exit codes ({@link ExitCodes}) included.
 */
public final class ProcessorMain {
    private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);
    static final String SERVICE = "roocode-processor";
    private static final List<String> STREAMS_PREFIXES = List.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.TOPIC_PREFIX);

    private static volatile ProcessorApp app;
    private static volatile String phase = "starting";

    private ProcessorMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        Map<String, Object> settings;
        ProcessorConfig config;
        try {
            settings = Settings.load(file, env);
            config = new ProcessorConfig(settings);
        } catch (NoSuchFileException e) {
            return fail("configuration error: config file " + file + " does not exist");
        } catch (IOException e) {
            return fail("configuration error: cannot read config file " + file + ": " + e.getMessage());
        } catch (ConfigException | IllegalArgumentException e) {
            // a bad or missing setting (or a malformed file): one line naming the key, not a stack trace
            return fail("configuration error: " + e.getMessage());
        }
        StartupLine.unknownKeys(
                        settings,
                        ProcessorConfig.CONFIG,
                        StreamsConfig.configDef().names(),
                        STREAMS_PREFIXES)
                .forEach(key -> log.warn(StartupLine.unknownKeyWarning(key)));
        StopSignals stop = StopSignals.install(
                () -> log.warn(
                        "second signal: stopping at once; open transactions abort and the next owner of their tasks redoes them"));
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
                http = ServiceHttp.start(host, port, ProcessorMain::live, ProcessorMain::readiness);
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
            ProcessorConfig config, SchemaRegistryClient registry, ServiceMetrics metrics, StopSignals stop)
            throws InterruptedException {
        List<String> servers = config.getList(CommonConfig.BOOTSTRAP_SERVERS);
        phase = "waiting for bootstrap servers " + String.join(",", servers);
        if (!StartupChecks.awaitBroker(servers, stop::stopping)) {
            return stopped(stop);
        }
        StartupChecks.checkBrokerLogin(config.adminProperties(), servers);
        String registryUrl = StartupChecks.registryUrl(config.registryProperties());
        phase = "waiting for schema registry " + registryUrl;
        String subject = config.topics().jobs().name() + "-value";
        if (!StartupChecks.awaitRegistry(registry, registryUrl, subject, stop::stopping)) {
            return stopped(stop);
        }
        ProcessorApp started = new ProcessorApp(config, registry, metrics);
        started.onStateChange((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                stop.request("Kafka Streams is in ERROR", ExitCodes.FATAL);
            }
        });
        app = started;
        started.start();
        stop.await();
        log.info(
                "stopping ({}): closing Kafka Streams, committing and leaving group {} within {}",
                stop.reason(),
                config.getString(ProcessorConfig.APPLICATION_ID),
                config.shutdownTimeout());
        boolean clean = started.close(config.shutdownTimeout());
        if (stop.exitCode() != ExitCodes.OK) {
            log.error("{} stopped: {}", SERVICE, stop.reason());
            return stop.exitCode();
        }
        if (!clean) {
            log.warn(
                    "{} did not stop within {}={} ms: its open transactions abort and the next owner of its tasks"
                            + " redoes them",
                    SERVICE,
                    ProcessorConfig.SHUTDOWN_TIMEOUT_MS,
                    config.shutdownTimeout().toMillis());
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
        ProcessorApp current = app;
        return current == null || current.live();
    }

    private static Readiness readiness() {
        ProcessorApp current = app;
        return current == null ? Readiness.notReady(phase) : current.readiness();
    }

    private static int fail(String line) {
        System.err.println(line);
        return ExitCodes.CONFIG;
    }
}
