package dev.roocode.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI API as the scenario calls it, in plain HTTP with the JDK's client (no SDK between the figure and the
 * wire): Files upload and content, Batches create and retrieve, and chat completions.
 */
final class HttpApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String baseUrl;
    private final String key;

    /** @param baseUrl {@code http://host:port/v1} */
    HttpApi(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    /** Waits until {@code /health/ready} answers 200; false when {@code timeout} passed first. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        URI ready = URI.create(baseUrl.replaceFirst("/v1$", "") + "/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** {@code POST /v1/files} with purpose {@code batch}; the file's id. */
    String uploadBatchFile(Path file) throws IOException, InterruptedException {
        String boundary = "----roocode-bench-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/jsonl\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = request("/files")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.concat(
                        BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                        BodyPublishers.ofFile(file),
                        BodyPublishers.ofString(tail, StandardCharsets.UTF_8)))
                .build();
        return ok(http.send(request, BodyHandlers.ofString())).path("id").asText();
    }

    /** {@code POST /v1/batches} on {@code fileId} for chat completions within 24 h; the batch's id. */
    String createBatch(String fileId) throws IOException, InterruptedException {
        String body = JSON.createObjectNode()
                .put("input_file_id", fileId)
                .put("endpoint", "/v1/chat/completions")
                .put("completion_window", "24h")
                .toString();
        return ok(http.send(json("/batches", body), BodyHandlers.ofString()))
                .path("id")
                .asText();
    }

    /** {@code GET /v1/batches/{id}}. */
    JsonNode batch(String id) throws IOException, InterruptedException {
        return ok(http.send(request("/batches/" + id).GET().build(), BodyHandlers.ofString()));
    }

    /** {@code GET /v1/files/{id}/content}, line by line. */
    List<String> content(String fileId) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request("/files/" + fileId + "/content").GET().build(), BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET /files/" + fileId + "/content answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().lines().toList();
    }

    /** {@code POST /v1/chat/completions}, asynchronously; completes with the status code. */
    CompletableFuture<Integer> chat(String body) {
        return http.sendAsync(json("/chat/completions", body), BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    private HttpRequest json(String path, String body) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + key);
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    response.request().method() + " " + response.request().uri().getPath() + " answered "
                            + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
