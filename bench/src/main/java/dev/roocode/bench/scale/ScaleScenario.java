package dev.roocode.bench.scale;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.BenchOptions;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.Distribution;
import dev.roocode.bench.cluster.SimulatorStats;
import dev.roocode.bench.load.LoadRun;
import dev.roocode.bench.load.Measurement;
import dev.roocode.bench.report.Figure;
import dev.roocode.bench.scale.Services.Service;
import dev.roocode.bench.scenario.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * {@code bench/run scale}: Roocode's services as processes started by the distribution's {@code bin/} launchers
 * ({@code --dist DIR}, else a stand-in written over the bench's class path): one broker, the standalone registry,
 * the simulator, and processors and connectors. Each phase runs on a fresh cluster: throughput with 1 + 1 and 2 + 2
 * (jobs/s per core the services used), then with 2 + 2 under a steady load: one processor and one connectors
 * SIGTERMed (0 repeated provider calls), SIGKILLed (≤ one window per killed connectors), and a rolling restart of
 * all four. Every phase counts lost jobs and duplicate Results on the results topic.
 */
public final class ScaleScenario implements Scenario {
    static final List<String> PHASES = List.of("1x1", "2x2", "sigterm", "sigkill", "rolling");
    private static final long READY_TIMEOUT_MS = 180_000;
    private static final long GRACE_MS = 60_000;
    /** Simulated provider latency of the fault phases, so a window of calls is in flight when a process stops. */
    private static final String FAULT_MODEL = "sim-latency-20";

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String description() {
        return "processes from the distribution's bin/ launchers: 1 vs 2 of each, SIGTERM, SIGKILL, rolling restart";
    }

    /** What one phase runs on: its cluster (broker, simulator) and its services. */
    private record Phase(String label, Cluster cluster, Services services, Path dir) {}

    /** An action on the services during a load phase; it records what it did in {@code timing}. */
    private interface Action {
        void run(Phase phase, Map<String, Object> timing) throws Exception;
    }

    @Override
    public void run(BenchContext context) throws Exception {
        BenchOptions options = context.options();
        int jobs = options.integer("jobs", 20_000);
        int warmup = options.integer("warmup", 5_000);
        int rateOption = options.integer("rate", 0);
        int rollingSeconds = options.integer("rolling-seconds", 240);
        String distOption = options.string("dist", "");
        List<String> phases = Arrays.stream(
                        options.string("phases", String.join(",", PHASES)).split(","))
                .map(String::trim)
                .toList();
        for (String p : phases) {
            if (!PHASES.contains(p)) {
                throw new BenchOptions.BadOption("--phases: unknown phase '" + p + "'; phases: " + PHASES);
            }
        }
        Distribution distribution = distribution(context, distOption);
        Map<String, Double> throughput = new LinkedHashMap<>();
        Map<String, Double> perCore = new LinkedHashMap<>();
        for (String label : phases) {
            switch (label) {
                case "1x1", "2x2" -> {
                    int n = label.equals("1x1") ? 1 : 2;
                    double[] figures = throughputPhase(context, distribution, label, n, jobs, warmup);
                    throughput.put(label, figures[0]);
                    perCore.put(label, figures[1]);
                }
                default -> {
                    double rate = rateOption > 0
                            ? rateOption
                            : Math.max(100, Math.round(throughput.getOrDefault("2x2", 600.0) * 0.5 / 10) * 10);
                    if (label.equals("rolling")) {
                        // four restarts one after the other take a while: the load must last through them
                        rate = Math.min(rate, Math.max(50, jobs / (double) rollingSeconds));
                    }
                    faultPhase(context, distribution, label, jobs, rate);
                }
            }
        }
        if (throughput.containsKey("1x1") && throughput.containsKey("2x2")) {
            context.report()
                    .figure(Figure.of(
                            "jobs/s at max rate, 2 + 2 processes",
                            "jobs/s",
                            throughput.get("2x2"),
                            "1 + 1",
                            throughput.get("1x1")));
            context.report()
                    .figure(Figure.of(
                            "jobs/s per core used by the services, 2 + 2",
                            "jobs/s/core",
                            perCore.get("2x2"),
                            "1 + 1",
                            perCore.get("1x1")));
        }
        context.report()
                .note("Services started by "
                        + (distOption.isEmpty()
                                ? "a stand-in distribution (bin/ scripts over the " + "bench's class path, written to "
                                        + distribution.home() + ")"
                                : "the distribution at " + distribution.home())
                        + ". Each phase on a fresh cluster (broker, standalone registry, simulator, topics). "
                        + "Cores used = CPU time of the processor and connectors processes / wall time of the phase; "
                        + "jobs/s per core = Results / that CPU time. Repeated provider calls are counted by the simulator "
                        + "per X-Roocode-Request-Id; allowed: 0 for SIGTERM and the rolling restart, one window "
                        + "(maxConcurrency) per SIGKILLed connectors process. Throughput back = from the stop or kill to the "
                        + "first " + ScaleFigures.STEADY_SECONDS
                        + " s each answering ≥ half the offered rate; group stable = "
                        + "until both consumer groups are Stable with 2 processes each.");
    }

    private static Distribution distribution(BenchContext context, String distOption) throws IOException {
        if (!distOption.isEmpty()) {
            try {
                return Distribution.at(Path.of(distOption));
            } catch (IllegalArgumentException e) {
                throw new BenchOptions.BadOption("--dist: " + e.getMessage());
            }
        }
        String classPath = System.getProperty("bench.classpath", System.getProperty("java.class.path"));
        return Distribution.standIn(context.dir().resolve("standin-dist"), classPath);
    }

    /** A fresh cluster with {@code processors} processors and {@code connectors} connectors started and ready. */
    private Phase open(BenchContext context, Distribution distribution, String label, int processors, int connectors)
            throws Exception {
        context.progress(label + ": fresh cluster, " + processors + " processor(s) + " + connectors + " connectors");
        Path dir = context.dir().resolve("data").resolve(label);
        Map<String, String> env = Map.of(
                "ROOCODE_HEAP_OPTS", "-Xms128m -Xmx768m",
                "ROOCODE_JVM_OPTS",
                        "-XX:+UseG1GC -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 -Djava.awt.headless=true");
        Services services =
                new Services(distribution, dir.resolve("services"), dir.resolve("logs"), env, context::progress);
        Cluster cluster = new Cluster(
                dir,
                context.options().integer("partitions", 4),
                context.options().integer("window", 64));
        try {
            cluster.startInfrastructure(services::startRegistry);
            services.attach(cluster);
            Map<String, String> settings = Map.of(
                    "processing.guarantee",
                    context.options().string("guarantee", "exactly_once_v2"),
                    "commit.interval.ms",
                    String.valueOf(context.options().integer("commit-interval", 100)));
            for (int i = 0; i < processors; i++) {
                services.start(services.addProcessor(settings));
            }
            for (int i = 0; i < connectors; i++) {
                services.start(services.addConnectors());
            }
            for (Service s : services.all()) {
                services.awaitReady(s, READY_TIMEOUT_MS);
            }
            awaitStable(services, processors, connectors);
            LoadRun probe = Pipelines.roocode(cluster, Pipelines.INSTANT_MODEL).stallTimeout(Duration.ofSeconds(180));
            Measurement m = probe.maxRate(label + " probe", 20);
            if (m.lost() > 0) {
                throw new IllegalStateException(label + ": a probe batch was not answered: " + m.lost() + " of 20");
            }
            return new Phase(label, cluster, services, dir);
        } catch (Exception e) {
            close(context, new Phase(label, cluster, services, dir));
            throw e;
        }
    }

    private static void awaitStable(Services services, int processors, int connectors) throws Exception {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (!services.groupsStable(processors, connectors)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the consumer groups were not stable with " + processors + " + "
                        + connectors + " processes within " + READY_TIMEOUT_MS + " ms");
            }
            Thread.sleep(250);
        }
    }

    private void close(BenchContext context, Phase phase) throws Exception {
        try {
            phase.services().close();
        } finally {
            phase.cluster().close();
        }
        if (!"true".equals(context.options().string("keep-data", "false"))) {
            for (Path data : List.of(phase.dir().resolve("kafka"), phase.dir().resolve("services"))) {
                if (Files.exists(data)) {
                    try (var paths = Files.walk(data)) {
                        paths.sorted(Comparator.reverseOrder())
                                .forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    /** Max-rate throughput with {@code n} processors and {@code n} connectors: {jobs/s, jobs/s per core used}. */
    private double[] throughputPhase(
            BenchContext context, Distribution distribution, String label, int n, int jobs, int warmup)
            throws Exception {
        Phase phase = open(context, distribution, label, n, n);
        try {
            LoadRun load =
                    Pipelines.roocode(phase.cluster(), Pipelines.INSTANT_MODEL).stallTimeout(Duration.ofSeconds(180));
            if (warmup > 0) {
                context.progress(label + ": warm-up, " + warmup + " jobs");
                context.report().phase(load.maxRate(label + " warm-up", warmup));
            }
            context.progress(label + ": max rate, " + jobs + " jobs");
            Duration servicesBefore = phase.services().cpu();
            Map<String, Duration> clusterBefore = phase.cluster().cpu();
            Measurement m = context.report().phase(load.maxRate(label + " max", jobs));
            double serviceCpu = (phase.services().cpu().toNanos() - servicesBefore.toNanos()) / 1e9;
            Map<String, Duration> clusterAfter = phase.cluster().cpu();
            double wall = m.received() / Math.max(1e-9, m.throughput());
            double perCore = ScaleFigures.jobsPerCoreSecond(m.received(), serviceCpu);
            Map<String, Object> row = row(label, n + " + " + n, m);
            row.put("jobs/s", fmt(m.throughput()));
            row.put("cores used (services)", String.format(Locale.ROOT, "%.2f", serviceCpu / wall));
            row.put("jobs/s per core", fmt(perCore));
            row.put(
                    "note",
                    "CPU s of the phase: services " + String.format(Locale.ROOT, "%.1f", serviceCpu) + ", "
                            + cpuDelta(clusterBefore, clusterAfter) + "; ready via " + readyVia(phase.services()));
            finish(context, row, m.lost() == 0 && m.duplicates() == 0);
            context.progress(String.format(
                    Locale.ROOT,
                    "%s: %.0f jobs/s, %.0f jobs/s per core, %d lost",
                    label,
                    m.throughput(),
                    perCore,
                    m.lost()));
            return new double[] {m.throughput(), perCore};
        } finally {
            close(context, phase);
        }
    }

    private void faultPhase(BenchContext context, Distribution distribution, String label, int jobs, double rate)
            throws Exception {
        Phase phase = open(context, distribution, label, 2, 2);
        try {
            Services services = phase.services();
            Service p2 = services.processors().get(1);
            Service c2 = services.connectors().get(1);
            Action action;
            double share;
            int allowed;
            switch (label) {
                case "sigterm" -> {
                    share = 0.3;
                    allowed = 0;
                    action = (ph, timing) -> {
                        services.stopBoth(p2, c2, GRACE_MS, timing);
                        restart(services, List.of(p2, c2), timing);
                    };
                }
                case "sigkill" -> {
                    share = 0.3;
                    allowed = phase.cluster().window(); // one window for the one connectors process killed
                    action = (ph, timing) -> {
                        services.kill(p2);
                        services.kill(c2);
                        timing.put("exit", "SIGKILL");
                        restart(services, List.of(p2, c2), timing);
                    };
                }
                default -> { // rolling
                    share = 0.1;
                    allowed = 0;
                    action = (ph, timing) -> {
                        List<String> steps = new ArrayList<>();
                        List<Service> order = List.of(
                                services.processors().get(0),
                                services.connectors().get(0),
                                services.processors().get(1),
                                services.connectors().get(1));
                        long begin = System.nanoTime();
                        for (Service s : order) {
                            long t0 = System.nanoTime();
                            int exit = services.stop(s, GRACE_MS);
                            long exited = System.nanoTime();
                            services.start(s);
                            services.awaitReady(s, READY_TIMEOUT_MS);
                            long ready = System.nanoTime();
                            awaitStable(services, 2, 2);
                            steps.add(String.format(
                                    Locale.ROOT,
                                    "%s exit %d after %.1f s, ready %.1f s later, groups stable %.1f s later",
                                    s.name,
                                    exit,
                                    (exited - t0) / 1e9,
                                    (ready - exited) / 1e9,
                                    (System.nanoTime() - ready) / 1e9));
                        }
                        timing.put("steps", String.join("; ", steps));
                        timing.put("rolling s", (System.nanoTime() - begin) / 1e9);
                    };
                }
            }
            SimulatorStats stats = phase.cluster().simulatorStats();
            stats.reset();
            Map<String, Object> timing = new LinkedHashMap<>();
            AtomicBoolean fired = new AtomicBoolean();
            long[] eventAt = new long[1];
            Thread[] thread = new Thread[1];
            LoadRun load = Pipelines.roocode(phase.cluster(), FAULT_MODEL).stallTimeout(Duration.ofSeconds(180));
            context.progress(String.format(Locale.ROOT, "%s: %d jobs at %.0f/s", label, jobs, rate));
            Measurement m = load.run(label, jobs, rate, answered -> {
                if (answered >= jobs * share && fired.compareAndSet(false, true)) {
                    thread[0] = new Thread(
                            () -> {
                                try {
                                    eventAt[0] = System.nanoTime();
                                    action.run(phase, timing);
                                    awaitStable(services, 2, 2);
                                    timing.put("group stable s", (System.nanoTime() - eventAt[0]) / 1e9);
                                } catch (Exception e) {
                                    timing.put("failed", e.toString());
                                    context.progress(label + ": " + e);
                                }
                            },
                            "bench-scale-" + label);
                    thread[0].start();
                }
            });
            if (thread[0] != null) {
                thread[0].join();
            }
            context.report().phase(m);
            SimulatorStats.Counts counts = stats.read();
            Map<String, Object> row = row(label, "2 + 2", m);
            row.put("jobs/s", fmt(m.throughput()) + " (offered " + fmt(rate) + ")");
            row.put("repeated provider calls", counts.duplicateCalls());
            row.put("allowed repeats", allowed);
            row.put(
                    "throughput back s",
                    label.equals("rolling") ? "—" : fmt1(ScaleFigures.recoverySeconds(m, eventAt[0], rate)));
            row.put(
                    "group stable s",
                    timing.containsKey("group stable s") ? fmt1((double) timing.get("group stable s")) : "—");
            timing.remove("group stable s");
            row.put(
                    "note",
                    (fired.get() ? "" : "the fault never fired; ")
                            + timing.entrySet().stream()
                                    .map(e -> e.getKey() + ": "
                                            + (e.getValue() instanceof Double d ? fmt1(d) : e.getValue()))
                                    .collect(Collectors.joining("; "))
                            + "; ready via " + readyVia(services));
            finish(
                    context,
                    row,
                    fired.get()
                            && !timing.containsKey("failed")
                            && m.lost() == 0
                            && m.duplicates() == 0
                            && counts.duplicateCalls() <= allowed);
            context.progress(label + ": " + row);
        } finally {
            close(context, phase);
        }
    }

    /** Starts the stopped services again and waits until each is ready. */
    private static void restart(Services services, List<Service> stopped, Map<String, Object> timing) throws Exception {
        long t0 = System.nanoTime();
        for (Service s : stopped) {
            services.start(s);
        }
        for (Service s : stopped) {
            services.awaitReady(s, READY_TIMEOUT_MS);
        }
        timing.put("replacements ready s", (System.nanoTime() - t0) / 1e9);
    }

    private static Map<String, Object> row(String label, String processes, Measurement m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("phase", label);
        row.put("processors + connectors", processes);
        row.put("jobs", m.sent());
        row.put("Results", m.received());
        row.put("lost", m.lost());
        row.put("duplicate Results", m.duplicates());
        // every row has every column (the report's table takes its columns from the first row)
        for (String column : List.of(
                "jobs/s",
                "cores used (services)",
                "jobs/s per core",
                "repeated provider calls",
                "allowed repeats",
                "throughput back s",
                "group stable s")) {
            row.put(column, "—");
        }
        return row;
    }

    private static void finish(BenchContext context, Map<String, Object> row, boolean met) {
        Object note = row.remove("note");
        row.put("targets met", met ? "yes" : "**no**");
        row.put("note", note);
        context.report().row(row);
    }

    private static String readyVia(Services services) {
        return services.all().stream()
                .map(s -> s.readyVia)
                .filter(v -> !v.isEmpty())
                .distinct()
                .collect(Collectors.joining(", "));
    }

    private static String cpuDelta(Map<String, Duration> before, Map<String, Duration> after) {
        return after.entrySet().stream()
                .filter(e -> before.containsKey(e.getKey()))
                .map(e -> String.format(
                        Locale.ROOT,
                        "%s %.1f",
                        e.getKey(),
                        (e.getValue().toNanos() - before.get(e.getKey()).toNanos()) / 1e9))
                .collect(Collectors.joining(", "));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }
}
