package dev.roocode.connectors.worker;

import dev.roocode.core.config.Settings;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.roocode.connectors.worker.ConnectorsMain [connectors.properties]}: runs a
 * {@link ConnectorRuntime} until the JVM is stopped. Settings come from the file, overridden by
 * {@code ROOCODE_*} environment variables ({@code ROOCODE_BOOTSTRAP_SERVERS} →
 * {@code bootstrap.servers}); see {@link Settings} and {@link ConnectorsConfig}.
 */
public final class ConnectorsMain {

    private ConnectorsMain() {}

    public static void main(String[] args) throws Exception {
        ConnectorsConfig config = new ConnectorsConfig(Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv()));
        SchemaRegistryClient registry = RestSchemaRegistryClient.fromConfig(registrySettings(config));
        ConnectorRuntime runtime = new ConnectorRuntime(config, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            registry.close();
            stopped.countDown();
        }, "roocode-connectors-shutdown"));
        runtime.start();
        stopped.await();
    }

    private static Map<String, Object> registrySettings(ConnectorsConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(RestSchemaRegistryClient.SCHEMA_REGISTRY_URL_CONFIG, config.getString(ConnectorsConfig.SCHEMA_REGISTRY_URL));
        if (config.getPassword(ConnectorsConfig.BASIC_AUTH_USER_INFO) != null) {
            settings.put(RestSchemaRegistryClient.BASIC_AUTH_USER_INFO_CONFIG, config.getPassword(ConnectorsConfig.BASIC_AUTH_USER_INFO).value());
        }
        return settings;
    }
}
