package dev.roocode.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.ApiBenchMain;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.load.LoadRun;
import dev.roocode.bench.load.Measurement;
import dev.roocode.bench.report.Figure;
import dev.roocode.bench.scenario.Pipelines;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The OpenAI-compatible HTTP API (roocode-api in its own process, plain HTTP from the JDK's client) against its
 * baselines, in one run:
 *
 * <ol>
 *   <li>synchronous chat at a steady {@code --rate} (50 req/s): p50 and p99 against the floor's at the same rate and
 *       commit interval (the floor of {@code bench/run e2e}; target p99 ≤ 1.5×);
 *   <li>a {@code --lines}-line (10,000) batch through Files + Batches, from the upload to {@code completed}: jobs/s
 *       against {@code roocode run} on the same file (its own embedded Roocode, run after this cluster stopped so
 *       they do not share the CPU), and whether the two output files agree line for line, bar timing.
 * </ol>
 */
public final class ApiScenario implements Scenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "expired", "cancelled");

    @Override
    public String name() {
        return "api";
    }

    @Override
    public String description() {
        return "HTTP API: sync chat p50/p99 at 50 req/s (baseline: floor), 10,000-line batch via Files+Batches jobs/s"
                + " (baseline: roocode run)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int lines = context.options().integer("lines", 10_000);
        int rate = context.options().integer("rate", 50);
        int seconds = context.options().integer("seconds", 30);
        int warmupSeconds = context.options().integer("warmup-seconds", 20);
        int floorWarmup = context.options().integer("floor-warmup", 20_000);
        int commitInterval = context.options().integer("commit-interval", 100);
        int batchTimeout = context.options().integer("batch-timeout-seconds", 1_800);
        String guarantee = context.options().string("guarantee", "exactly_once_v2");
        String roocode = context.options().string("roocode", "./roocode");
        Path file = writeBatchFile(context.dir().resolve("api-batch.jsonl"), lines);

        double apiJobsPerSecond;
        List<String> apiOutput;
        try (Cluster cluster = context.startCluster()) {
            Pipelines.startFloor(context, cluster, guarantee, commitInterval);
            LoadRun floor = Pipelines.floor(cluster);
            if (floorWarmup > 0) {
                context.progress("floor warm-up, " + floorWarmup + " jobs");
                context.report().phase(floor.maxRate("floor warm-up", floorWarmup));
            }
            Measurement floorSteady = Pipelines.steady(
                    context, cluster, floor, "floor " + rate + "/s ci=" + commitInterval, rate, seconds);
            cluster.stopFloor();

            Pipelines.startRoocode(context, cluster, guarantee, commitInterval);
            int port = freePort();
            cluster.startApi(port);
            HttpApi api = new HttpApi("http://127.0.0.1:" + port + "/v1", ApiBenchMain.KEY);
            if (!api.awaitReady(Duration.ofSeconds(180))) {
                throw new IllegalStateException("roocode-api not ready within 180 s; see logs/api.log");
            }

            context.progress("sync chat warm-up: " + rate + " req/s for " + warmupSeconds + " s");
            syncChat(api, "warm", rate, warmupSeconds);
            context.progress("sync chat: " + rate + " req/s for " + seconds + " s");
            SyncRun sync = syncChat(api, "sync", rate, seconds);
            context.progress(String.format(
                    Locale.ROOT,
                    "sync chat: p50 %.0f ms, p99 %.0f ms, %d failed",
                    sync.p50Ms(),
                    sync.p99Ms(),
                    sync.failed()));
            String at = " at " + rate + " req/s, ci=" + commitInterval;
            context.report()
                    .figure(Figure.atMost(
                            "sync chat p99 ms" + at, "ms", sync.p99Ms(), "floor p99", floorSteady.p99Ms(), 1.5));
            context.report()
                    .figure(Figure.atMost(
                            "sync chat p50 ms" + at, "ms", sync.p50Ms(), "floor p50", floorSteady.p50Ms(), 1.5));
            if (sync.failed() > 0) {
                context.report().note(sync.failed() + " of " + sync.sent() + " sync chat calls did not answer 200.");
            }

            context.progress("batch of " + lines + " lines through Files + Batches");
            long start = System.nanoTime();
            String fileId = api.uploadBatchFile(file);
            String batchId = api.createBatch(fileId);
            JsonNode batch = awaitBatch(api, batchId, Duration.ofSeconds(batchTimeout));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            apiJobsPerSecond = ApiFigures.jobsPerSecond(lines, elapsed);
            context.progress(String.format(
                    Locale.ROOT,
                    "batch %s: %s in %.1f s (%.1f jobs/s)",
                    batchId,
                    batch.path("status").asText(),
                    elapsed.toMillis() / 1000.0,
                    apiJobsPerSecond));
            apiOutput = new ArrayList<>();
            for (String field : List.of("output_file_id", "error_file_id")) {
                if (batch.hasNonNull(field)) {
                    apiOutput.addAll(api.content(batch.get(field).asText()));
                }
            }
            Files.write(context.dir().resolve("api-batch.output.jsonl"), apiOutput, StandardCharsets.UTF_8);
            cluster.stopRoocode();
        }

        context.progress("roocode run on the same file (its own embedded Roocode)");
        Path runOut = context.dir().resolve("api-batch.run.jsonl");
        String runOutput = roocodeRun(context, roocode, file, runOut);
        OptionalDouble runJobsPerSecond = ApiFigures.runJobsPerSecond(runOutput);
        context.report()
                .figure(Figure.of(
                        "jobs/s, " + lines + "-line batch: HTTP API (upload to completed, polled every 500 ms)",
                        "jobs/s",
                        apiJobsPerSecond,
                        "roocode run",
                        runJobsPerSecond.orElse(Double.NaN)));
        List<String> runLines = Files.exists(runOut) ? Files.readAllLines(runOut, StandardCharsets.UTF_8) : List.of();
        ApiFigures.Comparison same = ApiFigures.compare(apiOutput, runLines);
        context.report()
                .note(String.format(
                        Locale.ROOT,
                        "%d-line batch: HTTP API %.1f jobs/s, roocode run %s jobs/s. Output files: %d and %d lines, %d"
                                + " custom_ids agree%s.",
                        lines,
                        apiJobsPerSecond,
                        runJobsPerSecond.isPresent()
                                ? String.format(Locale.ROOT, "%.1f", runJobsPerSecond.getAsDouble())
                                : "(no summary line; see logs/roocode-run.log)",
                        same.leftLines(),
                        same.rightLines(),
                        same.matching(),
                        same.identical()
                                ? " (identical bar timing)"
                                : "; first differences: "
                                        + String.join(
                                                "; ",
                                                same.differences()
                                                        .subList(
                                                                0,
                                                                Math.min(
                                                                        3,
                                                                        same.differences()
                                                                                .size())))));
    }

    /** A chat-completions batch file of {@code lines} lines for the instant model. */
    static Path writeBatchFile(Path file, int lines) throws IOException {
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            out.add(JSON.createObjectNode()
                    .put("custom_id", "api-" + i)
                    .put("method", "POST")
                    .put("url", "/v1/chat/completions")
                    .set("body", chatBody("line " + i))
                    .toString());
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, out, StandardCharsets.UTF_8);
    }

    private static JsonNode chatBody(String content) {
        var body = JSON.createObjectNode().put("model", Pipelines.INSTANT_MODEL);
        body.putArray("messages").addObject().put("role", "user").put("content", content);
        return body;
    }

    /** Calls chat completions open-loop at {@code rate}/s for {@code seconds}: each on its schedule, not after the last. */
    private static SyncRun syncChat(HttpApi api, String tag, int rate, int seconds) throws Exception {
        int count = Math.max(1, rate * seconds);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> calls = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = ApiFigures.dueNanos(start, i, rate);
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            calls.add(api.chat(chatBody(tag + " " + i).toString()).handle((status, error) -> {
                if (error == null && status == 200) {
                    latencies.add(System.nanoTime() - sent);
                } else {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(15, TimeUnit.MINUTES);
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        return new SyncRun(
                count, failed.get(), ApiFigures.percentileMs(nanos, 0.5), ApiFigures.percentileMs(nanos, 0.99));
    }

    private record SyncRun(int sent, int failed, double p50Ms, double p99Ms) {}

    private static JsonNode awaitBatch(HttpApi api, String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode batch = api.batch(id);
            if (TERMINAL.contains(batch.path("status").asText())) {
                return batch;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("batch " + id + " still "
                        + batch.path("status").asText() + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    /** Runs {@code roocode run FILE} as its own process; its output (also in logs/roocode-run.log). */
    private static String roocodeRun(BenchContext context, String roocode, Path file, Path out) throws Exception {
        Path log = context.dir().resolve("logs").resolve("roocode-run.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(
                        roocode,
                        "run",
                        file.toString(),
                        "--out",
                        out.toString(),
                        "--data-dir",
                        context.dir().resolve("run-data").toString(),
                        "--no-progress")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("roocode run did not finish within 60 minutes; see " + log);
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
