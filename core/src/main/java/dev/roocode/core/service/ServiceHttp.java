package dev.roocode.core.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of a service process: {@code GET /health/live} (200 while the process is not
 * shutting down or broken), {@code GET /health/ready} (200 once it takes work, 503 with the reason
 * otherwise) and any read-only route added with {@link #route} (e.g. {@code /metrics}). Runs on the
 * JDK's own HTTP server, on one daemon thread, so it costs the hot path nothing.
 */
public final class ServiceHttp implements AutoCloseable {
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private final HttpServer server;
    private final ExecutorService executor;

    private ServiceHttp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving.
     *
     * @throws ServiceHttpException with one line naming the address when it cannot be bound
     */
    public static ServiceHttp start(String host, int port, BooleanSupplier live, Supplier<Readiness> ready) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new ServiceHttpException("cannot serve health and metrics on " + host + ":" + port
                    + ": the port is already in use (set http.port)");
        } catch (IOException | RuntimeException e) {
            throw new ServiceHttpException(
                    "cannot serve health and metrics on " + host + ":" + port + ": " + e.getMessage());
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "roocode-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(LIVE, exchange -> {
            boolean ok = live.getAsBoolean();
            respond(exchange, ok ? 200 : 503, "application/json", status(ok, ok ? "live" : "stopping"));
        });
        server.createContext(READY, exchange -> {
            Readiness r = ready.get();
            respond(exchange, r.ready() ? 200 : 503, "application/json", status(r.ready(), r.detail()));
        });
        server.start();
        return new ServiceHttp(server, executor);
    }

    /** Serves {@code GET path} with the handler's text (e.g. Prometheus' exposition format). */
    public void route(String path, String contentType, Supplier<String> body) {
        server.createContext(path, exchange -> respond(exchange, 200, contentType, body.get()));
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String status(boolean up, String detail) {
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"detail\":\"" + jsonEscape(detail) + "\"}";
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Why the endpoint could not start, in one line naming the address. */
    public static final class ServiceHttpException extends RuntimeException {
        public ServiceHttpException(String message) {
            super(message);
        }
    }
}
