package dev.roocode.bench.cluster;

import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiServices;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.StaticKeys;
import dev.roocode.core.config.Settings;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * roocode-api in its own process for {@code bench/run api}: the same {@link ApiServices} the service's main runs,
 * settings from {@code ROOCODE_*} variables, but with one fixed key ({@link #KEY}, tenant {@code bench}) instead of
 * the cluster's key ring, so a scenario needs no {@code roocode keys create}. Prints {@code API READY <baseUrl>}.
 */
public final class ApiBenchMain {
    /** The bench's key; never a real one. */
    public static final String KEY = "sk-bench-0123456789abcdef";

    public static final String TENANT = "bench";

    private ApiBenchMain() {}

    public static void main(String[] args) throws Exception {
        ApiConfig config = new ApiConfig(Settings.load(null, System.getenv()));
        SchemaRegistryClient registry = RestSchemaRegistryClient.fromConfig(ClientProperties.registry(config.values()));
        ApiServices api = ApiServices.start(
                config, registry, new StaticKeys(Map.of(KEY, new Caller("key-bench", TENANT, false))));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            api.close();
                            registry.close();
                            stopped.countDown();
                        },
                        "api-shutdown"));
        System.out.println("API READY " + api.baseUrl());
        System.out.flush();
        stopped.await();
    }
}
