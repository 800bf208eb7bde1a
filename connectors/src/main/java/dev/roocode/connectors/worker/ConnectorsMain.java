package dev.roocode.connectors.worker;

import dev.roocode.connectors.metrics.WorkerMetrics;
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

/**
 * {@code java dev.roocode.connectors.worker.ConnectorsMain [connectors.properties]}: runs a
 * {@link ConnectorRuntime} until the JVM is stopped. Settings come from the file, overridden by
 * {@code ROOCODE_*} environment variables ({@code ROOCODE_BOOTSTRAP_SERVERS} →
 * {@code bootstrap.servers}); see {@link Settings} and {@link ConnectorsConfig}.
 */
public final class ConnectorsMain {

    private ConnectorsMain() {}

    public static void main(String[] args) throws Exception {
        ConnectorsConfig config;
        SchemaRegistryClient registry;
        try {
            config = new ConnectorsConfig(Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv()));
            registry = RestSchemaRegistryClient.fromConfig(config.registryProperties());
        } catch (ConfigException | IllegalArgumentException e) {
            // a bad or missing setting: one line naming the key, not a stack trace
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        ServiceMetrics metrics = ServiceMetrics.fromConfig(config);
        ConnectorRuntime runtime =
                new ConnectorRuntime(config, registry, new CredentialResolver(), new WorkerMetrics(metrics));
        ServiceHttp http = startHttp(config, metrics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            runtime.close();
                            if (http != null) {
                                http.close();
                            }
                            metrics.close();
                            registry.close();
                            stopped.countDown();
                        },
                        "roocode-connectors-shutdown"));
        runtime.start();
        stopped.await();
    }

    /** Health and {@code /metrics} on {@code http.host:http.port} (none with port -1); a port in use: one line, exit 2. */
    private static ServiceHttp startHttp(ConnectorsConfig config, ServiceMetrics metrics) {
        int port = config.getInt(CommonConfig.HTTP_PORT);
        if (port < 0) {
            return null;
        }
        try {
            ServiceHttp http = ServiceHttp.start(
                    config.getString(CommonConfig.HTTP_HOST), port, () -> true, () -> Readiness.ready("running"));
            metrics.serveOn(http);
            return http;
        } catch (ServiceHttp.ServiceHttpException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return null;
        }
    }
}
