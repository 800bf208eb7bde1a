package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import dev.roocode.sandbox.kafka.TopicReader;
import dev.roocode.schemas.batch.BatchOutputLine;
import dev.roocode.schemas.batch.BatchOutputReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit on one machine, batches and results commands on another: each machine is a {@link Cli}
 * with its own config folder, so the second has no local record of the batch and knows only what
 * the cluster holds.
 */
class BatchesCommandsIT {
    private static final Pattern PROGRESS = Pattern.compile("progress\\s+(\\d+)/(\\d+) jobs");
    private static final Pattern ETA = Pattern.compile("ETA\\s+(\\d+:\\d{2}(:\\d{2})?)\\n");

    @TempDir
    static Path dir;

    static EmbeddedStack stack;
    static Cli submitter;
    static Cli viewer;

    @BeforeAll
    static void start() throws Exception {
        // few simulator slots and slow models below, so a batch takes seconds and can be seen half done
        stack = EmbeddedStack.start(new EmbeddedStack.Options(dir.resolve("data"), 2, 4), step -> {});
        submitter = new Cli(dir.resolve("submitter")).cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
        viewer = new Cli(dir.resolve("viewer")).cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldShowTotalAndEtaOfABatchSubmittedFromAnotherMachine() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            lines.add(line("job-" + i, "sim-latency-150"));
        }
        lines.add(2, "not json: not submitted, so not counted");
        Path input = Files.write(dir.resolve("slow.jsonl"), lines);
        String batchId = batchId(ok(submitter.run("submit", input.toString())).out());

        Run halfDone = await(batchId, "a batch half done", run -> {
            Matcher progress = PROGRESS.matcher(run.out());
            return progress.find()
                    && Long.parseLong(progress.group(1)) < 150
                    && ETA.matcher(run.out()).find();
        });
        Matcher progress = PROGRESS.matcher(halfDone.out());
        assertThat(progress.find()).as(halfDone.toString()).isTrue();
        assertThat(progress.group(2)).as("total").isEqualTo("150");
        assertThat(halfDone.out()).containsPattern("rate\\s+\\d+\\.\\d jobs/s").doesNotContain("total unknown");

        Run done = await(batchId, "the batch done", run -> run.out().contains("progress     150/150 jobs (100%)"));
        assertThat(done.out())
                .contains("succeeded    150")
                .contains("ETA          done")
                .contains("served by    sim 150");
        assertThat(ok(viewer.run("batches", "list")).out())
                .containsPattern(Pattern.quote(batchId) + "\\s+150/150\\s+150\\s+0\\s+\\S+\\s+done");
        JsonNode json = new ObjectMapper()
                .readTree(
                        ok(viewer.run("batches", "show", batchId, "-o", "json")).out());
        assertThat(json.path("total").asLong()).isEqualTo(150);
        assertThat(json.path("done").asLong()).isEqualTo(150);
        assertThat(json.path("etaSeconds").asLong(-1)).isZero();
        assertThat(json.path("byProvider").path("sim").asLong()).isEqualTo(150);
        assertThat(dir.resolve("viewer").resolve("batches"))
                .as("the viewer's local batch records")
                .doesNotExist();
        System.out.println("--- batches show on a machine that did not submit, while it ran and when done:\n"
                + halfDone.out() + "\n" + done.out());
    }

    @Test
    void shouldCancelABatchSoThatEveryJobNotYetCalledGetsACancelledResultAndNoCall() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            lines.add(line("stop-" + i, "sim-latency-150"));
        }
        Path input = Files.write(dir.resolve("to-cancel.jsonl"), lines);
        String batchId = batchId(ok(submitter.run("submit", input.toString())).out());
        await(batchId, "a first result", run -> {
            Matcher progress = PROGRESS.matcher(run.out());
            return progress.find() && Long.parseLong(progress.group(1)) > 0;
        });

        Run cancel = ok(viewer.run(
                "batches", "cancel", batchId, "--reason", "wrong prompt", "--wait", "--wait-timeout", "90s"));

        assertThat(cancel.out()).contains("Batch " + batchId + " cancelled").contains("300 of 300 finished");
        Path exported = dir.resolve("cancelled.jsonl");
        ok(viewer.run("results", "export", batchId, "--out", exported.toString()));
        List<BatchOutputLine> results = BatchOutputReader.read(exported);
        assertThat(results).as("every job has its one Result").hasSize(300);
        List<BatchOutputLine> cancelledLines = results.stream()
                .filter(r -> r.error() != null && "cancelled".equals(r.error().code()))
                .toList();
        long cancelled = cancelledLines.size();
        assertThat(cancelledLines)
                .allSatisfy(r -> assertThat(r.error().message())
                        .isEqualTo("batch " + batchId + " was cancelled (wrong prompt)"));
        assertThat(results)
                .as("the others were called and answered")
                .allSatisfy(r ->
                        assertThat(r.succeeded() || cancelledLines.contains(r)).isTrue());
        assertThat(cancelled).as("jobs answered CANCELLED").isPositive();
        assertThat(cancelledLines)
                .as("a cancelled job's provider was never called")
                .allSatisfy(r -> assertThat(stack.simulator().callCount(batchId + "/" + r.customId()))
                        .isZero());
        Run unknown = viewer.run("batches", "cancel", "no-such-batch");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("no batch 'no-such-batch'").contains("--force");
    }

    @Test
    void shouldExportResultsInInputLineOrderNotByCustomId() throws Exception {
        List<String> customIds = List.of("zulu", "alpha", "mike", "bravo-10", "bravo-9", "x-ray", "charlie");
        List<String> lines = new ArrayList<>();
        for (String customId : customIds) {
            lines.add(line(customId, "gpt-4o-mini"));
        }
        lines.add(3, "");
        lines.add(5, "{\"custom_id\":\"invalid\"}");
        Path input = Files.write(dir.resolve("unsorted.jsonl"), lines);
        Path waited = dir.resolve("waited.jsonl");
        Run submit = ok(submitter.run(
                "submit",
                input.toString(),
                "--wait",
                "--out",
                waited.toString(),
                "--timeout",
                "120s",
                "--no-progress"));
        String batchId = batchId(submit.out());
        Path exported = dir.resolve("exported.jsonl");

        Run export = ok(viewer.run("results", "export", batchId, "--out", exported.toString()));

        assertThat(export.out()).contains("Wrote 7 results");
        List<String> exportedIds = BatchOutputReader.read(exported).stream()
                .map(BatchOutputLine::customId)
                .toList();
        assertThat(exportedIds).containsExactlyElementsOf(customIds);
        assertThat(BatchOutputReader.read(waited).stream()
                        .map(BatchOutputLine::customId)
                        .filter(customIds::contains)
                        .toList())
                .as("the order of submit --wait's output file")
                .containsExactlyElementsOf(exportedIds);
        System.out.println("--- results export order: " + exportedIds);
    }

    @Test
    void shouldTraceARequestsHopsFromTheTopicsUnderTheTraceIdOfItsBatchLine() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String traced = line("traced", "gpt-4o-mini")
                .replaceFirst("^\\{", "{\"traceparent\":\"00-" + traceId + "-b7ad6b7169203331-01\",");
        // an unfinished directive: the simulator answers 400, a BAD_REQUEST no provider is asked to retry
        Path input = Files.write(dir.resolve("traced.jsonl"), List.of(traced, line("refused", "sim-flaky-")));
        Run submit = submitter.run(
                "submit",
                input.toString(),
                "--wait",
                "--out",
                dir.resolve("traced.out.jsonl").toString(),
                "--timeout",
                "120s",
                "--no-progress");
        String batchId = batchId(submit.out());

        Run json = ok(viewer.run("results", "get", batchId + "/traced", "--trace", "--output", "json"));
        Run refused = ok(viewer.run("results", "get", batchId + "/refused", "--trace"));
        Run missing = viewer.run("results", "get", batchId + "/nobody", "--trace");

        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.path("traceIds").toString()).isEqualTo("[\"" + traceId + "\"]");
        List<String> hops = new ArrayList<>();
        root.path("hops").forEach(hop -> hops.add(hop.path("hop").asText()));
        assertThat(hops).containsExactly("accepted", "dispatched", "succeeded", "result");
        JsonNode attempt = root.path("hops").get(2);
        assertThat(attempt.path("provider").asText()).isEqualTo(EmbeddedStack.SIMULATOR_PROVIDER);
        assertThat(attempt.path("calls").asInt()).isEqualTo(1);
        assertThat(attempt.path("latencyMs").isNumber()).isTrue();
        assertThat(refused.out())
                .contains("failed")
                .contains("BAD_REQUEST (400)")
                .contains("result")
                .doesNotContain("no Result yet");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("no record of request");
        System.out.println("--- results get --trace:\n" + refused.out());
    }

    @Test
    void shouldResumeAKilledUploadWithoutASecondProviderCallOrResultForAnyLine() throws Exception {
        int n = 800;
        List<String> lines = new ArrayList<>();
        String filler = "x".repeat(1000);
        for (int i = 1; i <= n; i++) {
            lines.add(line("kill-" + i, "gpt-4o-mini").replace("Say hi to ", filler + " say hi to "));
        }
        Path input = Files.write(dir.resolve("killed.jsonl"), lines);
        // room for one ~1.2 KB job in the producer's buffer: the upload waits for each acknowledgement, so it takes
        // seconds
        Path slowUpload = Files.writeString(
                dir.resolve("slow-upload.properties"), "buffer.memory=2048\nbatch.size=1\nlinger.ms=0\n");
        Cli machine =
                new Cli(dir.resolve("killed-machine")).cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
        Path records = dir.resolve("killed-machine").resolve("batches");
        long callsBefore = stack.simulator().totalCalls();

        Process child = startCli(
                machine,
                dir.resolve("killed-submit.log"),
                "submit",
                input.toString(),
                "--config",
                slowUpload.toString());
        String batchId;
        try {
            batchId = awaitRecordedBatch(records, child);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (stack.simulator().totalCalls() == callsBefore && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(child.isAlive())
                    .as("the submit still uploading when the provider got its first call; log:\n"
                            + Files.readString(dir.resolve("killed-submit.log")))
                    .isTrue();
        } finally {
            child.destroyForcibly().waitFor();
        }
        String log = Files.readString(dir.resolve("killed-submit.log"));
        assertThat(log)
                .as("printed before the upload")
                .contains("Submitting batch " + batchId + " (" + n + " jobs)")
                .doesNotContain("Submitted batch");
        assertThat(new LocalBatches(dir.resolve("killed-machine")).find(batchId))
                .get()
                .satisfies(b ->
                        assertThat(b.uploaded()).as("recorded as cut short").isFalse());
        long sentBeforeKill =
                keysWithPrefix(stack.topics().jobs().name(), batchId + "/").size();
        assertThat(sentBeforeKill).as("jobs on the topic after the kill").isBetween(1L, n - 1L);

        Path out = dir.resolve("killed.results.jsonl");
        Run resumed = ok(machine.run(
                "submit", input.toString(), "--wait", "--out", out.toString(), "--timeout", "180s", "--no-progress"));

        assertThat(resumed.out())
                .contains("Resuming batch " + batchId)
                .contains("upload was cut short")
                .contains("Submitted batch " + batchId + ": " + n + " jobs");
        List<BatchOutputLine> answered = BatchOutputReader.read(out);
        assertThat(answered)
                .hasSize(n)
                .allSatisfy(line -> assertThat(line.error()).as(line.customId()).isNull());
        List<String> repeated = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            int calls = stack.simulator().callCount(batchId + "/kill-" + i);
            if (calls != 1) {
                repeated.add("kill-" + i + ": " + calls + " calls");
            }
        }
        assertThat(repeated)
                .as("lines not called exactly once (" + sentBeforeKill + " sent before the kill)")
                .isEmpty();
        Map<String, Long> results = keysWithPrefix(stack.topics().results().name(), batchId + "/");
        assertThat(results).hasSize(n);
        assertThat(results.values())
                .as("Results per requestId (read_committed)")
                .containsOnly(1L);
        System.out.println("--- killed upload: " + sentBeforeKill + " of " + n
                + " jobs sent before the SIGKILL; resumed:\n" + resumed.out());
    }

    /** {@code roocode ARGS} in a child JVM with {@code machine}'s environment, so it can be SIGKILLed. */
    private static Process startCli(Cli machine, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.roocode.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(machine.env());
        return builder.start();
    }

    /** The id of the batch whose record appears in {@code records} (written before the first job is sent). */
    private static String awaitRecordedBatch(Path records, Process child) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.isDirectory(records)) {
                try (Stream<Path> files = Files.list(records)) {
                    Optional<String> name = files.map(f -> f.getFileName().toString())
                            .filter(f -> f.endsWith(".properties"))
                            .findFirst();
                    if (name.isPresent()) {
                        return name.get().substring(0, name.get().length() - ".properties".length());
                    }
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no batch recorded before the upload (alive: " + child.isAlive() + ")");
    }

    /** How many records each key starting with {@code prefix} has on {@code topic}, read_committed from the beginning to the end. */
    private static Map<String, Long> keysWithPrefix(String topic, String prefix) {
        Map<String, Long> counts = new TreeMap<>();
        TopicReader.readToEnd(stack.clientProperties(), topic, ConsumerRecord::key, Duration.ofSeconds(60)).stream()
                .filter(key -> key != null && key.startsWith(prefix))
                .forEach(key -> counts.merge(key, 1L, Long::sum));
        return counts;
    }

    private static Run await(String batchId, String what, Predicate<Run> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Run show;
        do {
            show = viewer.run("batches", "show", batchId);
            if (show.exit() == 0 && until.test(show)) {
                return show;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("never saw " + what + "; last:\n" + show);
    }

    private static String batchId(String out) {
        Matcher matcher = Pattern.compile("Submitted batch (\\S+):").matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return matcher.group(1);
    }

    private static String line(String customId, String model) {
        return "{\"custom_id\":\"" + customId
                + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi to " + customId
                + "\"}],\"max_tokens\":20}}";
    }

    private static Run ok(Run run) {
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }
}
