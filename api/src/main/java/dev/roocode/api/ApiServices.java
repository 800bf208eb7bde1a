package dev.roocode.api;

import dev.roocode.api.admin.ProviderAdminFactory;
import dev.roocode.api.auth.Authenticator;
import dev.roocode.api.auth.KeyRing;
import dev.roocode.api.auth.KeyRingFeed;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.metrics.ServiceMetrics;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Everything roocode-api runs, built from its settings: the job producer, the authenticator and the HTTP
 * server with every endpoint group. The service's main and the embedded stack ({@code roocode sandbox}) both
 * start it here, so they serve the same API.
 */
public final class ApiServices implements AutoCloseable {
    private final RoocodeClient client;
    private final ApiServer server;
    private final Authenticator authenticator;
    private final KeyRingFeed keyFeed;

    private ApiServices(RoocodeClient client, ApiServer server, Authenticator authenticator, KeyRingFeed keyFeed) {
        this.client = client;
        this.server = server;
        this.authenticator = authenticator;
        this.keyFeed = keyFeed;
    }

    /**
     * Starts the API on {@code http.host:http.port} of {@code config}.
     *
     * @param registry      the cluster's schema registry (the caller owns it)
     * @param authenticator resolves keys; null: the virtual keys on the cluster ({@code roocode keys create}), read
     *                      into a {@link KeyRing} that follows the api-keys topic (the service is ready once it has
     *                      read it)
     */
    public static ApiServices start(ApiConfig config, SchemaRegistryClient registry, Authenticator authenticator) {
        return start(config, registry, authenticator, ServiceMetrics.disabled());
    }

    /**
     * Starts the API as {@link #start(ApiConfig, SchemaRegistryClient, Authenticator)} does, with {@code GET
     * /metrics} serving {@code metrics} when they are enabled (the service's main; the caller closes them).
     */
    public static ApiServices start(
            ApiConfig config, SchemaRegistryClient registry, Authenticator authenticator, ServiceMetrics metrics) {
        return start(config, registry, authenticator, metrics, ProviderAdminFactory.discover());
    }

    /**
     * Starts the API as {@link #start(ApiConfig, SchemaRegistryClient, Authenticator, ServiceMetrics)} does, with the
     * admin endpoints and console on the provider operations of {@code admin} (null: none, they answer 501).
     */
    public static ApiServices start(
            ApiConfig config,
            SchemaRegistryClient registry,
            Authenticator authenticator,
            ServiceMetrics metrics,
            ProviderAdminFactory admin) {
        RoocodeClient client = new RoocodeClient(config.clientConfig(), registry);
        KeyRingFeed feed = null;
        try {
            Clock clock = Clock.systemUTC();
            Authenticator auth = authenticator;
            if (auth == null) {
                KeyRing ring = new KeyRing(clock);
                feed = KeyRingFeed.start(ring, config.clientConfig().consumerProperties(), client.topics(), registry);
                auth = ring;
            }
            ApiContext context = new ApiContext(config, client, registry, auth, clock);
            List<Function<ApiContext, Endpoints>> groups = new ArrayList<>(ApiServer.defaultGroups(admin));
            if (metrics.enabled()) {
                groups.add(c -> new MetricsEndpoints(metrics));
            }
            ApiServer server = ApiServer.start(
                    context, config.getString(CommonConfig.HTTP_HOST), config.getInt(CommonConfig.HTTP_PORT), groups);
            return new ApiServices(client, server, auth, feed);
        } catch (RuntimeException | Error e) {
            if (feed != null) {
                feed.close();
            }
            client.close();
            throw e;
        }
    }

    public ApiServer server() {
        return server;
    }

    /** What resolves the keys of requests: the one given to {@link #start}, or the service's own key ring. */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** {@code http://host:port/v1}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** {@code http://host:port/console}, the web console. */
    public String consoleUrl() {
        return server.consoleUrl();
    }

    /**
     * Refuses new requests and lets those in progress finish for up to {@code timeout}, then stops everything.
     *
     * @return whether every request in progress finished in time
     */
    public boolean close(Duration timeout) throws InterruptedException {
        try {
            return server.close(timeout);
        } finally {
            if (keyFeed != null) {
                keyFeed.close();
            }
            client.close();
        }
    }

    @Override
    public void close() {
        server.close();
        if (keyFeed != null) {
            keyFeed.close();
        }
        client.close();
    }
}
