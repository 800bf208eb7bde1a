package dev.roocode.api;

import dev.roocode.api.auth.Authenticator;
import dev.roocode.api.auth.KeyRing;
import dev.roocode.api.auth.KeyRingFeed;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.time.Clock;

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
            ApiServer server = ApiServer.start(
                    context, config.getString(CommonConfig.HTTP_HOST), config.getInt(CommonConfig.HTTP_PORT));
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

    @Override
    public void close() {
        server.close();
        if (keyFeed != null) {
            keyFeed.close();
        }
        client.close();
    }
}
