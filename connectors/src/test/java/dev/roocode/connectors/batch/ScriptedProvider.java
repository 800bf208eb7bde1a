package dev.roocode.connectors.batch;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server answering scripted bodies by {@code "METHOD path"} (query ignored; a key with {@code ?query}
 * wins when the query matches), and recording every request, for the batch clients' unit tests.
 */
final class ScriptedProvider implements AutoCloseable {
    record Seen(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    ScriptedProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(
                    new Seen(exchange.getRequestMethod(), path, query, Map.copyOf(exchange.getRequestHeaders()), body));
            Answer answer = answers.get(exchange.getRequestMethod() + " " + path + "?" + query);
            if (answer == null) {
                answer = answers.getOrDefault(
                        exchange.getRequestMethod() + " " + path,
                        new Answer(404, "{\"error\":{\"type\":\"not_found_error\",\"message\":\"no script\"}}"));
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    ScriptedProvider answer(String methodAndPath, int status, String body) {
        answers.put(methodAndPath, new Answer(status, body));
        return this;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Seen> seen(String method, String path) {
        return seen.stream()
                .filter(s -> s.method().equals(method) && s.path().equals(path))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
