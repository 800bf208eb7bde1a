package dev.roocode.bench.cluster;

import dev.roocode.core.config.Settings;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.schemas.config.CommonConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code RegistryStandInMain registry.properties}: the embedded schema registry as a process of its own, for the
 * stand-in distribution ({@link Distribution#standIn}) until the real {@code bin/roocode-registry} exists. Reads
 * {@code bootstrap.servers} and {@code http.port} from the file, overridden by {@code ROOCODE_*} variables.
 */
public final class RegistryStandInMain {
    private RegistryStandInMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: roocode-registry CONFIG");
            System.exit(2);
            return;
        }
        Map<String, Object> settings = Settings.load(Path.of(args[0]), System.getenv());
        Object bootstrap = settings.get(CommonConfig.BOOTSTRAP_SERVERS);
        Object port = settings.get(CommonConfig.HTTP_PORT);
        if (bootstrap == null || port == null) {
            System.err.println("configuration error: " + CommonConfig.BOOTSTRAP_SERVERS + " and "
                    + CommonConfig.HTTP_PORT + " are required");
            System.exit(2);
            return;
        }
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                .bootstrapServers(bootstrap.toString())
                .port(Integer.parseInt(port.toString()))
                .build()
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            registry.close();
                            stopped.countDown();
                        },
                        "registry-shutdown"));
        System.out.println("REGISTRY READY " + registry.url());
        System.out.flush();
        stopped.await();
    }
}
