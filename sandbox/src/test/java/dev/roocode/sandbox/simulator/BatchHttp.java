package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Calls a simulator's OpenAI-style Files + Batches API, for tests: multipart upload, JSON calls. */
final class BatchHttp {

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String query;
    private final String[] auth;

    /** {@code base} e.g. {@code http://host:port/v1}; {@code query} appended to every path (Azure's api-version), or "". */
    BatchHttp(String base, String query, String... auth) {
        this.base = base;
        this.query = query;
        this.auth = auth;
    }

    HttpResponse<String> upload(String purpose, String jsonl) throws IOException, InterruptedException {
        String boundary = "sim-boundary-1";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose
                + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n";
        return send(request("/files")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** The JSON lines of a file's content. */
    List<JsonNode> lines(String fileId) throws IOException, InterruptedException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : get("/files/" + fileId + "/content").body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(SimClient.JSON.readTree(line));
            }
        }
        return lines;
    }

    private HttpRequest.Builder request(String path) {
        String separator = path.contains("?") ? "&" : "?";
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : separator + query)));
        if (auth.length > 0) {
            builder.headers(auth);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
