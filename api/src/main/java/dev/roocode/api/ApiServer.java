package dev.roocode.api;

import dev.roocode.api.admin.AdminEndpoints;
import dev.roocode.api.admin.ProviderAdminFactory;
import dev.roocode.api.auth.Authenticator;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.batches.BatchesEndpoints;
import dev.roocode.api.chat.ChatEndpoints;
import dev.roocode.api.files.FilesEndpoints;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import dev.roocode.api.models.ModelsEndpoints;
import dev.roocode.core.service.Readiness;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roocode-api HTTP server (Undertow): every endpoint group's routes behind one filter that
 * authenticates ({@link Access}) and answers every failure in OpenAI's error shape, plus {@code /health/live} and
 * {@code /health/ready}. Unknown paths get OpenAI's 404, a known path with another method 405.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Undertow undertow;
    private final GracefulShutdownHandler shutdown;
    private final List<Endpoints> groups;
    private final String host;
    private final Authenticator authenticator;

    private ApiServer(
            Undertow undertow,
            GracefulShutdownHandler shutdown,
            List<Endpoints> groups,
            String host,
            Authenticator authenticator) {
        this.undertow = undertow;
        this.shutdown = shutdown;
        this.groups = groups;
        this.host = host;
        this.authenticator = authenticator;
    }

    /** The endpoint groups of the service, each built from {@code context}. */
    public static List<Function<ApiContext, Endpoints>> defaultGroups() {
        return defaultGroups(ProviderAdminFactory.discover());
    }

    /** The endpoint groups of the service, with the admin operations of {@code admin} (null: none, answered 501). */
    public static List<Function<ApiContext, Endpoints>> defaultGroups(ProviderAdminFactory admin) {
        // the console's batch pages run the very Files and Batches groups of this server (built first, in order)
        FilesEndpoints[] files = new FilesEndpoints[1];
        BatchesEndpoints[] batches = new BatchesEndpoints[1];
        return List.of(
                c -> files[0] = new FilesEndpoints(c),
                c -> batches[0] = new BatchesEndpoints(c),
                ChatEndpoints::new,
                ModelsEndpoints::new,
                c -> new AdminEndpoints(c, admin, files[0], batches[0]));
    }

    /** Builds the default groups and serves them on {@code host:port} (0: a free port). */
    public static ApiServer start(ApiContext context, String host, int port) {
        return start(context, host, port, defaultGroups());
    }

    /** Builds {@code factories}' groups and serves them on {@code host:port}; on failure closes what it built. */
    public static ApiServer start(
            ApiContext context, String host, int port, List<Function<ApiContext, Endpoints>> factories) {
        List<Endpoints> groups = new ArrayList<>();
        try {
            RoutingHandler routing = new RoutingHandler();
            Routes routes = (method, template, access, route) -> routing.add(
                    method, template, new BlockingHandler(exchange -> serve(context, exchange, access, route)));
            for (Function<ApiContext, Endpoints> factory : factories) {
                Endpoints group = factory.apply(context);
                groups.add(group);
                group.register(routes);
            }
            routes.add(
                    Methods.GET,
                    "/health/live",
                    Access.PUBLIC,
                    (exchange, caller) ->
                            Exchanges.sendJson(exchange, 200, java.util.Map.of("status", "UP", "detail", "live")));
            routes.add(Methods.GET, "/health/ready", Access.PUBLIC, (exchange, caller) -> {
                Readiness r = readiness(context.authenticator(), groups);
                Exchanges.sendJson(
                        exchange,
                        r.ready() ? 200 : 503,
                        java.util.Map.of("status", r.ready() ? "UP" : "DOWN", "detail", r.detail()));
            });
            routing.setFallbackHandler(exchange -> Exchanges.sendError(exchange, unknownUrl(exchange)));
            routing.setInvalidMethodHandler(exchange -> Exchanges.sendError(
                    exchange,
                    new ApiException(
                            405,
                            "invalid_request_error",
                            null,
                            "method_not_allowed",
                            "Method " + exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath()
                                    + ".")));
            GracefulShutdownHandler shutdown = new GracefulShutdownHandler(routing);
            Undertow undertow = hardened(Undertow.builder(), context.config())
                    .addHttpListener(port, host)
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                    .setHandler(shutdown)
                    .build();
            undertow.start();
            return new ApiServer(undertow, shutdown, List.copyOf(groups), host, context.authenticator());
        } catch (RuntimeException | Error e) {
            groups.forEach(ApiServer::closeQuietly);
            throw e;
        }
    }

    /**
     * The limits against slow and oversized clients: a request's line and headers must arrive within the parse
     * timeout (a slowloris client trickling them is cut off on the I/O threads, without holding a worker), a
     * kept-alive connection without a request is closed after the idle timeout, headers are bounded (bodies in
     * {@link #serve}, so that a body too large is answered in OpenAI's shape), and requests run
     * on a bounded worker pool. The I/O timeout of a connection with a request in progress stays above the sync
     * call timeout, since a waiting sync call sends nothing.
     */
    static Undertow.Builder hardened(Undertow.Builder builder, ApiConfig config) {
        long idle = config.getLong(ApiConfig.IDLE_TIMEOUT_MS);
        long ioIdle = config.getLong(ApiConfig.SYNC_TIMEOUT_MS) + idle;
        return builder.setWorkerThreads(config.getInt(ApiConfig.WORKER_THREADS))
                .setServerOption(
                        UndertowOptions.REQUEST_PARSE_TIMEOUT,
                        clampToInt(config.getLong(ApiConfig.REQUEST_PARSE_TIMEOUT_MS)))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, clampToInt(idle))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, clampToInt(ioIdle))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, config.getInt(ApiConfig.MAX_HEADER_BYTES))
                // Undertow's own limit (2 MB by default) would refuse a larger declared body with a bare 400 before
                // any handler runs: none here, the limit is applied per request in serve() and answered as 413
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
                // what Undertow's multipart parser allows itself (2 MB by default): the largest upload
                .setServerOption(UndertowOptions.MULTIPART_MAX_ENTITY_SIZE, config.maxEntityBytes());
    }

    private static int clampToInt(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    private static Readiness readiness(Authenticator authenticator, List<Endpoints> groups) {
        if (!authenticator.ready()) {
            return Readiness.notReady("reading the API keys");
        }
        for (Endpoints g : groups) {
            if (!g.ready()) {
                return Readiness.notReady(g.getClass().getSimpleName() + " is starting");
            }
        }
        return Readiness.ready("serving");
    }

    private static ApiException unknownUrl(HttpServerExchange exchange) {
        return new ApiException(
                404,
                "invalid_request_error",
                null,
                "unknown_url",
                "Unknown request URL: " + exchange.getRequestMethod() + " " + exchange.getRequestPath()
                        + ". Please check the URL for typos, or see the docs at docs/http-api.md.");
    }

    private static void serve(ApiContext context, HttpServerExchange exchange, Access access, Route route) {
        try {
            long max = context.config().maxEntityBytes();
            long declared = exchange.getRequestContentLength();
            if (declared > max) {
                // before the key check and without reading it: no route accepts a body this large
                throw ApiException.tooLarge(
                        "request body of " + declared + " bytes is over the limit of " + max + " bytes");
            }
            // a chunked body past the largest limit of any route ends its connection while being read (a route
            // that stops reading earlier answers 413 itself), so that no body is ever drained to its end
            exchange.setMaxEntitySize(max);
            Caller caller = access == Access.PUBLIC ? null : authenticate(context, exchange);
            if (access == Access.ADMIN && !caller.admin()) {
                throw ApiException.forbidden("This endpoint needs an admin key.");
            }
            route.handle(exchange, caller);
        } catch (ApiException e) {
            if (!exchange.isResponseStarted()) {
                if (e.status() == 413) {
                    // the rest of the body is not read: the connection ends with the answer
                    exchange.setPersistent(false);
                }
                Exchanges.sendError(exchange, e);
            }
        } catch (Exception | Error e) {
            log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
            if (!exchange.isResponseStarted()) {
                Exchanges.sendError(
                        exchange,
                        ApiException.internal("The server had an error while processing your"
                                + " request. Sorry about that! The service log has the details."));
            }
        }
    }

    private static Caller authenticate(ApiContext context, HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String key = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = header.substring(7).trim();
        }
        InetSocketAddress peer = exchange.getSourceAddress();
        return context.authenticator().authenticate(key, peer == null ? null : peer.getAddress());
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** {@code http://host:port/v1}, what an OpenAI SDK takes as its base URL. */
    public String baseUrl() {
        String shown = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        return "http://" + shown + ":" + port() + "/v1";
    }

    /** {@code http://host:port/console}, the web console. */
    public String consoleUrl() {
        return baseUrl().substring(0, baseUrl().length() - "/v1".length()) + "/console";
    }

    public boolean ready() {
        return readiness(authenticator, groups).ready();
    }

    /**
     * Refuses new requests (503) and waits up to {@code timeout} for those in progress; then {@link #close()}s.
     *
     * @return whether every request in progress finished in time
     */
    public boolean close(Duration timeout) throws InterruptedException {
        shutdown.shutdown();
        boolean drained = shutdown.awaitShutdown(Math.max(1, timeout.toMillis()));
        close();
        return drained;
    }

    @Override
    public void close() {
        undertow.stop();
        groups.forEach(ApiServer::closeQuietly);
    }

    private static void closeQuietly(Endpoints group) {
        try {
            group.close();
        } catch (Exception e) {
            log.warn("closing {}: {}", group.getClass().getSimpleName(), e.toString());
        }
    }

    static HttpString method(String name) {
        return HttpString.tryFromString(name);
    }
}
