package dev.roocode.processor;

import dev.roocode.core.config.Settings;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;

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
        ProcessorApp app = new ProcessorApp(config, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            registry.close();
                            stopped.countDown();
                        },
                        "roocode-processor-shutdown"));
        app.start();
        stopped.await();
    }
}
