package dev.roocode.connectors.worker;

import dev.roocode.core.config.Settings;
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
        ConnectorRuntime runtime = new ConnectorRuntime(config, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            runtime.close();
                            registry.close();
                            stopped.countDown();
                        },
                        "roocode-connectors-shutdown"));
        runtime.start();
        stopped.await();
    }
}
