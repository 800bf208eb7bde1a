package dev.roocode.connectors.worker;

import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.roocode.connectors.worker.ConnectorsMain [connectors.properties]}: runs a
 * {@link ConnectorRuntime} until the JVM is stopped. Environment variables {@code ROOCODE_<KEY>}
 * override the file, with {@code _} read as {@code .} and the name lower-cased
 * ({@code ROOCODE_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}).
 */
public final class ConnectorsMain {
    private static final String ENV_PREFIX = "ROOCODE_";

    private ConnectorsMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, Object> settings = settings(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
        ConnectorsConfig config = new ConnectorsConfig(settings);
        SchemaRegistryClient registry = registry(config);
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

    /** The file's properties overridden by {@code ROOCODE_*} variables of {@code env}. */
    static Map<String, Object> settings(Path file, Map<String, String> env) throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                settings.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return settings;
    }

    /**
     * The REST registry client at {@code schema.registry.url}. Looked up by name because
     * RestSchemaRegistryClient is not on main yet; replace with a direct call when it lands.
     */
    private static SchemaRegistryClient registry(ConnectorsConfig config) throws ReflectiveOperationException {
        String url = config.getString(ConnectorsConfig.SCHEMA_REGISTRY_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(ConnectorsConfig.SCHEMA_REGISTRY_URL + " is required");
        }
        Class<?> rest = Class.forName("dev.roocode.schemas.registry.RestSchemaRegistryClient");
        return (SchemaRegistryClient) rest.getMethod("forUrl", String.class).invoke(null, url);
    }
}
