package dev.roocode.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads and resets the call counters of a simulator in another process ({@code /_sim/stats}). */
public final class SimulatorStats {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The counters at one moment. */
    public record Counts(long totalCalls, long distinctRequestIds, long duplicateCalls, long maxCallsPerId) {}

    /** The batch engine's counters: provider batches created, and those created again for the same lines. */
    public record BatchCounts(long creations, long duplicateCreations) {}

    private final String url;

    public SimulatorStats(String url) {
        this.url = url;
    }

    public Counts read() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/_sim/stats")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        return new Counts(
                json.get("totalCalls").asLong(),
                json.get("distinctRequestIds").asLong(),
                json.get("duplicateCalls").asLong(),
                json.get("maxCallsPerId").asLong());
    }

    public BatchCounts readBatches() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/_sim/stats")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        return new BatchCounts(
                json.get("batchCreations").asLong(),
                json.get("duplicateBatchCreations").asLong());
    }

    public void reset() throws IOException, InterruptedException {
        HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/_sim/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
