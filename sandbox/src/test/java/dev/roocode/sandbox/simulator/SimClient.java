package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A JDK HttpClient speaking to a simulator the way the worker does, for tests. */
final class SimClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(10);

    SimClient(ProviderSimulator simulator) {
        this.baseUrl = simulator.url();
    }

    SimClient apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    SimClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    static String chatBody(String model, String userText) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + userText + "\"}]}";
    }

    HttpResponse<String> chat(String model, String requestId) throws IOException, InterruptedException {
        return post("/v1/chat/completions", chatBody(model, "Hello there"), requestId);
    }

    HttpResponse<String> post(String path, String body, String requestId) throws IOException, InterruptedException {
        return http.send(request(path, body, requestId), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts with extra headers given as name, value pairs (a provider's own credential and version headers). */
    HttpResponse<String> post(String path, String body, String requestId, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(request(path, body, requestId), (name, value) -> true);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body, String requestId) {
        return http.sendAsync(request(path, body, requestId), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String body, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            request.header("X-Roocode-Request-Id", requestId);
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request.build();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
