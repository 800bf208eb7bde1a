package dev.roocode.processor;

import dev.roocode.core.config.Settings;
import dev.roocode.core.service.Readiness;
import dev.roocode.core.service.ServiceHttp;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.metrics.ServiceMetrics;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code java dev.roocode.processor.ProcessorMain [processor.properties]}: runs the processor until
 * the JVM is stopped. {@code ROOCODE_*} environment variables override the file (see
 * {@link Settings}).
 */
public final class ProcessorMain {
    private ProcessorMain() {}

    public static void main(String[] args) throws Exception {
        ProcessorConfig config;
        SchemaRegistryClient registry;
        try {
            config = new ProcessorConfig(Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv()));
            registry = RestSchemaRegistryClient.fromConfig(config.registryProperties());
        } catch (ConfigException | IllegalArgumentException e) {
            // a bad or missing setting: one line naming the key, not a stack trace
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        ServiceMetrics metrics = ServiceMetrics.fromConfig(config);
        ProcessorApp app = new ProcessorApp(config, registry, metrics);
        ServiceHttp http = startHttp(config, app, metrics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            if (http != null) {
                                http.close();
                            }
                            metrics.close();
                            registry.close();
                            stopped.countDown();
                        },
                        "roocode-processor-shutdown"));
        app.start();
        stopped.await();
    }

    /** Health and {@code /metrics} on {@code http.host:http.port} (none with port -1); a port in use: one line, exit 2. */
    private static ServiceHttp startHttp(ProcessorConfig config, ProcessorApp app, ServiceMetrics metrics) {
        int port = config.getInt(CommonConfig.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        try {
            ServiceHttp http = ServiceHttp.start(
                    config.getString(CommonConfig.HTTP_HOST),
                    port,
                    () -> app.state() != KafkaStreams.State.ERROR,
                    () -> app.state() == KafkaStreams.State.RUNNING
                            ? Readiness.ready("processing")
                            : Readiness.notReady("streams " + app.state()));
            metrics.serveOn(http);
            return http;
        } catch (ServiceHttp.ServiceHttpException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return null;
        }
    }
}
