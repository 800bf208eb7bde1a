package dev.roocode.processor;

import dev.roocode.core.config.Settings;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.roocode.processor.ProcessorMain [processor.properties]}: runs the processor until
 * the JVM is stopped. {@code ROOCODE_*} environment variables override the file (see
 * {@link Settings}).
 */
public final class ProcessorMain {
    private ProcessorMain() {}

    public static void main(String[] args) throws Exception {
        ProcessorConfig config = new ProcessorConfig(Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv()));
        SchemaRegistryClient registry = RestSchemaRegistryClient.forUrl(config.getString(ProcessorConfig.SCHEMA_REGISTRY_URL));
        ProcessorApp app = new ProcessorApp(config, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            registry.close();
            stopped.countDown();
        }, "roocode-processor-shutdown"));
        app.start();
        stopped.await();
    }
}
