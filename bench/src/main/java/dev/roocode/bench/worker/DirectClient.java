package dev.roocode.bench.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a client with no Kafka in its way gets from the simulator: {@code window} closed loops, each sending
 * the next call as soon as the previous one answered, with the JDK HttpClient as the worker's transport uses
 * it (HTTP/1.1, async, a two-thread callback pool). The ceiling of a worker with the same window on the same
 * machine, since a worker's slot also waits for its outcome's acknowledgement and its commit.
 */
final class DirectClient {
    private DirectClient() {}

    /** Jobs/s of {@code calls} calls to {@code model} with {@code window} in flight: (calls − window) / (last − first answer). */
    static double rate(String simulatorUrl, String model, int window, int calls) throws Exception {
        URI chat = URI.create(simulatorUrl + "/v1/chat/completions");
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        try {
            HttpClient http = HttpClient.newBuilder()
                    .executor(callbacks)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            AtomicInteger issued = new AtomicInteger();
            ConcurrentLinkedQueue<Long> answeredAt = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CompletableFuture<?>[] loops = new CompletableFuture<?>[window];
            for (int i = 0; i < window; i++) {
                CompletableFuture<Void> loop = new CompletableFuture<>();
                loops[i] = loop;
                next(http, chat, model, calls, issued, answeredAt, failures, loop);
            }
            CompletableFuture.allOf(loops).get(120 + 3L * calls, TimeUnit.SECONDS);
            if (!failures.isEmpty()) {
                throw new IllegalStateException("direct client: " + failures.size() + " failed calls", failures.peek());
            }
            long[] times =
                    answeredAt.stream().mapToLong(Long::longValue).sorted().toArray();
            if (times.length <= window) {
                return 0;
            }
            return (times.length - window) / ((times[times.length - 1] - times[0]) / 1e9);
        } finally {
            callbacks.shutdownNow();
        }
    }

    private static void next(
            HttpClient http,
            URI chat,
            String model,
            int calls,
            AtomicInteger issued,
            ConcurrentLinkedQueue<Long> answeredAt,
            ConcurrentLinkedQueue<Throwable> failures,
            CompletableFuture<Void> loop) {
        int n = issued.getAndIncrement();
        if (n >= calls || !failures.isEmpty()) {
            loop.complete(null);
            return;
        }
        String body = "{\"model\":\"" + model
                + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hello " + n + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(chat)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Roocode-Request-Id", "direct-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((answer, error) -> {
            if (error != null) {
                failures.add(error);
            } else if (answer.statusCode() != 200) {
                failures.add(new IllegalStateException("HTTP " + answer.statusCode()));
            } else {
                answeredAt.add(System.nanoTime());
            }
            next(http, chat, model, calls, issued, answeredAt, failures, loop);
        });
    }
}
