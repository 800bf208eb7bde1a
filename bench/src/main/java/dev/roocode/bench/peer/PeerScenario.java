package dev.roocode.bench.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.bench.BenchContext;
import dev.roocode.bench.BenchOptions;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.bench.report.Figure;
import dev.roocode.bench.scenario.Pipelines;
import dev.roocode.sandbox.simulator.SimulatorMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code roocode run} against what a user would otherwise write: a Python script with the official {@code openai}
 * SDK ({@code bench/peer/openai_batch.py}: AsyncOpenAI, {@code --window} (64) calls in flight, the SDK's default
 * retries), both on one provider simulator started as its own process, for each of {@code --latencies} (0 and
 * 200 ms) on a {@code --lines}-line (10,000) chat file. Per program: whole-run jobs/s (command to exit), the batch
 * phase its summary states, CPU of its process tree (read from {@code /proc}) over the whole run, at "Ready" and at
 * its summary, and its peak RSS; both outputs must have exactly one line per custom_id and agree per custom_id.
 * Targets (issue #21): whole-run jobs/s ≥ 1.2 × the script's, CPU per job after start-up ≤ 1.0 × the script's.
 */
public final class PeerScenario implements Scenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LOG_FLAGS = List.of("-Dlog4j2.configurationFile=log4j2-bench.xml");
    private static final String SCRIPT = "python openai SDK";
    private static final String ROOCODE = "roocode run";

    @Override
    public String name() {
        return "peer";
    }

    @Override
    public String description() {
        return "roocode run vs a Python script with the openai SDK (AsyncOpenAI, 64 in flight) on one simulator, instant"
                + " and 200 ms: whole-run jobs/s, CPU per job after start-up, RSS";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        BenchOptions options = context.options();
        int lines = options.integer("lines", 10_000);
        int window = options.integer("window", 64);
        int warmupLines = options.integer("warmup-lines", 2_000);
        int timeoutMinutes = options.integer("timeout-minutes", 30);
        String roocode = options.string("roocode", "./roocode");
        Path script = Path.of(options.string("script", "bench/peer/openai_batch.py"));
        List<Integer> latencies = latencies(options.string("latencies", "0,200"));
        if (lines < 1 || window < 1) {
            throw new BenchOptions.BadOption("--lines and --window must be at least 1");
        }
        if (!Files.isRegularFile(script)) {
            throw new BenchOptions.BadOption(
                    "--script " + script + " is not a file (run bench/run from the repository)");
        }
        String python = PythonFinder.choose(System.getenv(PythonFinder.ENV), PythonFinder::importsOpenai);
        Path logs = context.dir().resolve("logs");
        Path data = context.dir().resolve("data");
        Files.createDirectories(data);
        Duration timeout = Duration.ofMinutes(timeoutMinutes);

        int port = freePort();
        try (JvmProcess simulator = JvmProcess.start(
                "simulator",
                SimulatorMain.class.getName(),
                List.of("--port", String.valueOf(port)),
                LOG_FLAGS,
                Map.of(),
                logs)) {
            simulator.awaitLog("http://", 60_000);
            String url = "http://127.0.0.1:" + port;
            Path providers = writeProviders(data.resolve("providers.yaml"), url, window);
            Path roocodeData = data.resolve("roocode-data");
            Programs programs = new Programs(roocode, python, script, providers, roocodeData, url, window, timeout);

            checkRoocode(context, roocode, logs, timeout);
            if (warmupLines > 0) {
                // the simulator's JIT, the page cache of both programs' files, and roocode's data folder formatted as
                // on a user's second run: none of it timed
                Path warm = writeBatchFile(data.resolve("warmup.jsonl"), warmupLines, Pipelines.INSTANT_MODEL);
                context.progress("warm-up (not timed): the script and roocode run on " + warmupLines + " lines");
                measure(
                        programs.script(warm, data.resolve("warmup.script.out.jsonl")),
                        logs.resolve("warmup-script.log"),
                        timeout);
                measure(
                        programs.roocode(warm, data.resolve("warmup.roocode.out.jsonl")),
                        logs.resolve("warmup-roocode.log"),
                        timeout);
            }

            boolean roocodeFirst = true;
            for (int latency : latencies) {
                String model = latency == 0 ? Pipelines.INSTANT_MODEL : "sim-latency-" + latency;
                String at = latency == 0 ? "instant" : latency + " ms";
                Path file = writeBatchFile(data.resolve("peer-" + latency + ".jsonl"), lines, model);
                Set<String> ids = PeerOutputs.customIds(Files.readAllLines(file, StandardCharsets.UTF_8));
                Path roocodeOut = data.resolve("peer-" + latency + ".roocode.out.jsonl");
                Path scriptOut = data.resolve("peer-" + latency + ".script.out.jsonl");
                Map<String, Measured> measured = new LinkedHashMap<>();
                // the order alternates between latencies, so neither program always runs on the warmer machine
                for (String who : roocodeFirst ? List.of(ROOCODE, SCRIPT) : List.of(SCRIPT, ROOCODE)) {
                    context.progress(who + ", " + lines + " lines, " + at + " (model " + model + ")");
                    Path log = logs.resolve((who.equals(ROOCODE) ? "roocode-" : "script-") + latency + ".log");
                    Measured m = measure(
                            who.equals(ROOCODE) ? programs.roocode(file, roocodeOut) : programs.script(file, scriptOut),
                            log,
                            timeout);
                    if (who.equals(ROOCODE) && builds(Files.readString(log, StandardCharsets.UTF_8))) {
                        context.report()
                                .note(at + ": the launcher built the CLI during the timed run (sources changed"
                                        + " meanwhile): its figures include a Maven build");
                    }
                    context.progress(String.format(
                            Locale.ROOT,
                            "%s: exit %d, %.1f s (%.1f jobs/s), CPU %.1f s, peak RSS %d MiB",
                            who,
                            m.exitCode(),
                            m.wall().toMillis() / 1000.0,
                            m.wholeRunJobsPerSecond(lines),
                            m.cpu().toMillis() / 1000.0,
                            m.peakRssBytes() >> 20));
                    measured.put(who, m);
                }
                roocodeFirst = !roocodeFirst;
                record(context, at, lines, ids, measured.get(ROOCODE), measured.get(SCRIPT), roocodeOut, scriptOut);
            }
        }
    }

    private static void record(
            BenchContext context,
            String at,
            int lines,
            Set<String> ids,
            Measured roocode,
            Measured script,
            Path roocodeOut,
            Path scriptOut)
            throws IOException {
        String of = ", " + lines + " lines, " + at;
        context.report()
                .figure(Figure.atLeast(
                        "whole-run jobs/s (command to exit)" + of,
                        "jobs/s",
                        roocode.wholeRunJobsPerSecond(lines),
                        SCRIPT,
                        script.wholeRunJobsPerSecond(lines),
                        1.2));
        context.report()
                .figure(Figure.atMost(
                        "CPU µs per job after start-up (whole run less CPU until Ready)" + of,
                        "µs",
                        roocode.cpuMicrosPerJobAfterStartup(lines),
                        SCRIPT,
                        script.cpuMicrosPerJobAfterStartup(lines),
                        1.0));
        context.report()
                .figure(Figure.of(
                        "batch-phase jobs/s (its summary)" + of,
                        "jobs/s",
                        roocode.batchJobsPerSecond(lines),
                        SCRIPT,
                        script.batchJobsPerSecond(lines)));
        context.report()
                .figure(Figure.of(
                        "CPU µs per job, Ready to summary" + of,
                        "µs",
                        roocode.cpuMicrosPerJobBatchPhase(lines),
                        SCRIPT,
                        script.cpuMicrosPerJobBatchPhase(lines)));
        context.report()
                .figure(Figure.of(
                        "CPU µs per job, whole run" + of,
                        "µs",
                        roocode.cpuMicrosPerJob(lines),
                        SCRIPT,
                        script.cpuMicrosPerJob(lines)));
        context.report()
                .figure(Figure.of(
                        "peak RSS (VmHWM, summed over the process tree)" + of,
                        "MiB",
                        roocode.peakRssBytes() / (1024.0 * 1024.0),
                        SCRIPT,
                        script.peakRssBytes() / (1024.0 * 1024.0)));
        List<String> roocodeLines = readLines(roocodeOut);
        List<String> scriptLines = readLines(scriptOut);
        PeerOutputs.Coverage roocodeCoverage = PeerOutputs.coverage(ids, roocodeLines);
        PeerOutputs.Coverage scriptCoverage = PeerOutputs.coverage(ids, scriptLines);
        context.report()
                .figure(new Figure(
                        "custom_ids with exactly one output line, roocode run" + of,
                        "custom_ids",
                        lines - roocodeCoverage.missing() - roocodeCoverage.duplicated(),
                        "input",
                        lines,
                        "ratio = 1, nothing else",
                        roocodeCoverage.exactlyOne() && ids.size() == lines));
        row(context, ROOCODE, at, lines, roocode, roocodeCoverage);
        row(context, SCRIPT, at, lines, script, scriptCoverage);
        List<String> differences = PeerOutputs.differences(roocodeLines, scriptLines, ROOCODE, SCRIPT);
        context.report()
                .note(String.format(
                        Locale.ROOT,
                        "%s: roocode run %s (exit %d), the script %s (exit %d); the two outputs %s.",
                        at,
                        describe(roocodeCoverage),
                        roocode.exitCode(),
                        describe(scriptCoverage),
                        script.exitCode(),
                        differences.isEmpty()
                                ? "agree on every custom_id (status and content)"
                                : "differ on " + differences.size() + " custom_ids, e.g. "
                                        + String.join("; ", differences.subList(0, Math.min(3, differences.size())))));
    }

    private static String describe(PeerOutputs.Coverage c) {
        return String.format(
                Locale.ROOT,
                "%d lines, %d succeeded, %d custom_ids missing, %d duplicated, %d unknown",
                c.lines(),
                c.succeeded(),
                c.missing(),
                c.duplicated(),
                c.unknown());
    }

    private static void row(
            BenchContext context, String who, String at, int lines, Measured m, PeerOutputs.Coverage coverage) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("program", who);
        row.put("latency", at);
        row.put("exit", m.exitCode());
        row.put("whole run s", seconds(m.wall()));
        row.put("to Ready s", seconds(m.toReady()));
        row.put("batch phase s (summary)", seconds(m.batch()));
        row.put(
                "summary to exit s",
                m.toSummary() == null ? Double.NaN : seconds(m.wall().minus(m.toSummary())));
        row.put("whole-run jobs/s", m.wholeRunJobsPerSecond(lines));
        row.put("CPU s whole run", seconds(m.cpu()));
        row.put("CPU s until Ready", seconds(m.cpuAtReady()));
        row.put("CPU µs/job after start-up", m.cpuMicrosPerJobAfterStartup(lines));
        row.put("peak RSS MiB", m.peakRssBytes() / (1024.0 * 1024.0));
        row.put("exactly one line per custom_id", coverage.exactlyOne() && coverage.lines() == lines);
        context.report().row(row);
    }

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** The two programs' command lines for a file. */
    private record Programs(
            String roocode,
            String python,
            Path script,
            Path providers,
            Path roocodeData,
            String simulatorUrl,
            int window,
            Duration timeout) {
        List<String> roocode(Path file, Path out) {
            return List.of(
                    roocode,
                    "run",
                    file.toString(),
                    "--out",
                    out.toString(),
                    "--data-dir",
                    roocodeData.toString(),
                    "--providers",
                    providers.toString(),
                    "--timeout",
                    timeout.toMinutes() + "m",
                    "--no-progress");
        }

        List<String> script(Path file, Path out) {
            return List.of(
                    python,
                    script.toString(),
                    file.toString(),
                    "--out",
                    out.toString(),
                    "--base-url",
                    simulatorUrl + "/v1",
                    "--concurrency",
                    String.valueOf(window));
        }
    }

    /**
     * Runs {@code command}, its output copied to {@code log}, sampling its process tree from {@code /proc} every
     * 20 ms and once more at its "Ready" and summary lines.
     */
    static Measured measure(List<String> command, Path log, Duration timeout) throws Exception {
        Files.createDirectories(log.getParent());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        AtomicReference<Duration> toReady = new AtomicReference<>();
        AtomicReference<Duration> cpuAtReady = new AtomicReference<>();
        AtomicReference<Duration> toSummary = new AtomicReference<>();
        AtomicReference<Duration> cpuAtSummary = new AtomicReference<>();
        StringBuilder output = new StringBuilder();
        try (TreeMonitor monitor = TreeMonitor.watch(process.toHandle(), Duration.ofMillis(20))) {
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                                PrintWriter out =
                                        new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                            for (String line; (line = in.readLine()) != null; ) {
                                if (RunOutput.isReady(line) && toReady.get() == null) {
                                    cpuAtReady.set(monitor.sample());
                                    toReady.set(Duration.ofNanos(System.nanoTime() - start));
                                } else if (RunOutput.isSummary(line)) {
                                    cpuAtSummary.set(monitor.sample());
                                    toSummary.set(Duration.ofNanos(System.nanoTime() - start));
                                }
                                out.println(line);
                                synchronized (output) {
                                    output.append(line).append('\n');
                                }
                            }
                        } catch (IOException e) {
                            // the process went away; what was read is kept
                        }
                    },
                    "peer-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis() + 120_000, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(
                        command.get(0) + " did not finish within " + timeout.toMinutes() + " minutes; see " + log);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            reader.join(10_000);
            String text;
            synchronized (output) {
                text = output.toString();
            }
            return new Measured(
                    process.exitValue(),
                    wall,
                    toReady.get(),
                    toSummary.get(),
                    RunOutput.batchSeconds(text).isPresent()
                            ? Duration.ofMillis(
                                    Math.round(RunOutput.batchSeconds(text).getAsDouble() * 1000))
                            : null,
                    monitor.cpu(),
                    cpuAtReady.get(),
                    cpuAtSummary.get(),
                    monitor.peakRssBytes());
        }
    }

    /**
     * {@code roocode --version}, not timed: the launcher builds the CLI when a source is newer than its jar. If it
     * builds again on a second call (a source outside the CLI's modules is newer and the unchanged jar is not
     * rewritten), every timed run would include a Maven build: stop and say so.
     */
    private static void checkRoocode(BenchContext context, String roocode, Path logs, Duration timeout)
            throws Exception {
        for (int attempt = 1; attempt <= 2; attempt++) {
            context.progress("check: " + roocode + " --version (builds the CLI if its sources changed; not timed)");
            Path log = logs.resolve("roocode-version-" + attempt + ".log");
            run(List.of(roocode, "--version"), log, timeout);
            if (!builds(Files.readString(log, StandardCharsets.UTF_8))) {
                return;
            }
        }
        throw new IllegalStateException(roocode + " builds the CLI on every start (a file under */src/main is newer"
                + " than admin-cli/target/roocode-admin-cli.jar, which an unchanged build does not rewrite): touch the"
                + " jar after building, or pass --roocode");
    }

    /** Whether the {@code roocode} launcher's output says it built the CLI first. */
    static boolean builds(String output) {
        return output.contains("roocode: building");
    }

    /** Runs a command to its end, output to {@code log}; fails when it exits non-zero. */
    private static void run(List<String> command, Path log, Duration timeout) throws Exception {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited with " + p.exitValue() + "; see " + log);
        }
    }

    /** {@code --latencies}: comma-separated milliseconds, 0 for the instant model. */
    static List<Integer> latencies(String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                int ms = Integer.parseInt(part.trim());
                if (ms < 0) {
                    throw new NumberFormatException();
                }
                out.add(ms);
            } catch (NumberFormatException e) {
                throw new BenchOptions.BadOption(
                        "--latencies takes milliseconds separated by commas (0 = instant), got '" + value + "'");
            }
        }
        return out;
    }

    /** A providers file naming the simulator as an OpenAI-compatible server, as {@code roocode run} registers it. */
    static Path writeProviders(Path file, String simulatorUrl, int window) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(
                file,
                String.join(
                        "\n",
                        "# the simulator started by bench/run peer, as roocode run's own simulator provider is set up",
                        "name: sim",
                        "type: openai-compatible",
                        "endpoint: " + simulatorUrl + "/v1",
                        "models:",
                        "  - model: \"*\"",
                        "  - model: \"*\"",
                        "    kind: embedding",
                        "limits: {maxConcurrency: " + window + "}",
                        "timeout: 30s",
                        ""),
                StandardCharsets.UTF_8);
    }

    /**
     * A chat batch file of {@code lines} lines in examples/make-batch.sh's chat format (custom_ids chat-1..N, a
     * system and a user message, max_tokens and temperature varying), every line for {@code model}.
     */
    static Path writeBatchFile(Path file, int lines, String model) throws IOException {
        String[] topics = {
            "Kafka consumer groups",
            "Avro schema evolution",
            "circuit breakers",
            "exponential backoff",
            "compacted topics",
            "idempotent producers",
            "exactly-once processing",
            "rate limiting"
        };
        List<String> out = new ArrayList<>(lines);
        for (int i = 1; i <= lines; i++) {
            ObjectNode line = JSON.createObjectNode()
                    .put("custom_id", "chat-" + i)
                    .put("method", "POST")
                    .put("url", "/v1/chat/completions");
            ObjectNode body = line.putObject("body").put("model", model);
            body.putArray("messages")
                    .add(JSON.createObjectNode()
                            .put("role", "system")
                            .put("content", "You summarize text in one sentence."))
                    .add(JSON.createObjectNode()
                            .put("role", "user")
                            .put(
                                    "content",
                                    "Summarize in one sentence why teams use " + topics[i % topics.length]
                                            + " (request " + i + ")."));
            body.put("max_tokens", 40 + i % 60).put("temperature", (i % 10) / 10.0);
            out.add(line.toString());
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, out, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
