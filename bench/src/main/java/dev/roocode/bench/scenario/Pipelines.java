package dev.roocode.bench.scenario;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.load.Jobs;
import dev.roocode.bench.load.LoadRun;
import dev.roocode.bench.load.Measurement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The three pipelines scenarios compare (raw Kafka, the floor, Roocode), how to start them and how to load them. */
public final class Pipelines {
    /** The simulator answers any non-{@code sim-} model at once: an instant provider. */
    public static final String INSTANT_MODEL = "gpt-4o-mini";

    private Pipelines() {}

    public static LoadRun roocode(Cluster cluster, String model) {
        String jobs = cluster.topics().jobs().name();
        return new LoadRun(
                cluster.bootstrap(),
                jobs,
                cluster.topics().results().name(),
                Jobs.source(cluster.topics().jobs().valueSerde(cluster.registry()), jobs, model));
    }

    /** The floor, fed the same Job bytes as Roocode (it never decodes them). */
    public static LoadRun floor(Cluster cluster) {
        return new LoadRun(
                cluster.bootstrap(),
                Cluster.FLOOR_JOBS,
                Cluster.FLOOR_RESULTS,
                Jobs.source(
                        cluster.topics().jobs().valueSerde(cluster.registry()),
                        cluster.topics().jobs().name(),
                        INSTANT_MODEL));
    }

    /**
     * Kafka alone: records of a Job's size, read back by the collector from the topic they were written to.
     * One Job is serialized once and its bytes sent every time, so the load generator's own Avro cost does
     * not cap Kafka's figure.
     */
    public static LoadRun raw(Cluster cluster) {
        String topic = cluster.topics().jobs().name();
        byte[] job = Jobs.source(cluster.topics().jobs().valueSerde(cluster.registry()), topic, INSTANT_MODEL)
                .value("raw00000/0000000", 0);
        return new LoadRun(cluster.bootstrap(), Cluster.RAW, Cluster.RAW, (id, index) -> job);
    }

    /** (Re)starts processor and connectors with these processor settings and waits until a probe batch is answered. */
    public static void startRoocode(BenchContext context, Cluster cluster, String guarantee, int commitIntervalMs)
            throws Exception {
        context.progress("starting Roocode: " + guarantee + ", commit.interval.ms " + commitIntervalMs);
        cluster.stopRoocode();
        cluster.processorSettings(
                Map.of("processing.guarantee", guarantee, "commit.interval.ms", String.valueOf(commitIntervalMs)));
        cluster.startProcessor();
        cluster.startConnectors();
        probe(roocode(cluster, INSTANT_MODEL), "roocode");
    }

    public static void startFloor(BenchContext context, Cluster cluster, String guarantee, int commitIntervalMs)
            throws Exception {
        context.progress("starting floor: " + guarantee + ", commit.interval.ms " + commitIntervalMs);
        cluster.stopFloor();
        cluster.floorSettings(
                Map.of("processing.guarantee", guarantee, "commit.interval.ms", String.valueOf(commitIntervalMs)));
        cluster.startFloor();
        probe(floor(cluster), "floor");
    }

    private static void probe(LoadRun run, String what) throws InterruptedException {
        Measurement probe = run.stallTimeout(Duration.ofSeconds(180)).maxRate(what + " probe", 20);
        run.stallTimeout(Duration.ofSeconds(90));
        if (probe.lost() > 0) {
            throw new IllegalStateException(
                    what + " did not answer a probe batch: " + probe.lost() + " of 20 unanswered");
        }
    }

    /** A warm-up phase (reported, so the JIT's progress shows) and then the measured phase at the maximum rate. */
    public static Measurement warmAndMeasureMax(
            BenchContext context, Cluster cluster, LoadRun run, String label, int warmup, int count)
            throws InterruptedException {
        if (warmup > 0) {
            context.progress(label + ": warm-up, " + warmup + " jobs");
            context.report().phase(run.maxRate(label + " warm-up", warmup));
        }
        context.progress(label + ": max rate, " + count + " jobs");
        Map<String, Duration> before = cluster.cpu();
        Measurement max = context.report().phase(run.maxRate(label + " max", count));
        recordCpu(context, cluster, max, before);
        context.progress(String.format("%s: %.0f jobs/s, %d lost", label, max.throughput(), max.lost()));
        return max;
    }

    /** Key of the total in {@link #cpuPerJob}: every process but the load generator (and registry). */
    public static final String SYSTEM_TOTAL = "total without load generator";

    /**
     * Records CPU µs per answered job of each process over a phase, and their total without the load
     * generator; returns that total.
     */
    static double recordCpu(BenchContext context, Cluster cluster, Measurement m, Map<String, Duration> before) {
        Map<String, Duration> after = cluster.cpu();
        Map<String, Double> perJob = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Duration> e : after.entrySet()) {
            Duration start = before.get(e.getKey());
            if (start != null && m.received() > 0) {
                double micros = (e.getValue().toNanos() - start.toNanos()) / 1e3 / m.received();
                perJob.put(e.getKey(), micros);
                if (!e.getKey().equals("load generator") && !idleOtherPipeline(m.label(), e.getKey())) {
                    total += micros;
                }
            }
        }
        perJob.put(SYSTEM_TOTAL, total);
        context.report().cpuPerJob(m.label(), perJob);
        return total;
    }

    /** The floor's and Roocode's processes may both be alive while one is measured: the idle one is not counted. */
    private static boolean idleOtherPipeline(String phase, String process) {
        boolean floorPhase = phase.startsWith("floor");
        boolean floorProcess = process.startsWith("floor");
        boolean roocodeProcess = process.equals("processor") || process.equals("connectors");
        return floorPhase ? roocodeProcess : floorProcess;
    }

    /** CPU µs per job of the system (all but the load generator) in a phase recorded before. */
    public static double cpuPerJob(BenchContext context, Measurement m) {
        return context.report().cpuPerJobOf(m.label()).getOrDefault(SYSTEM_TOTAL, Double.NaN);
    }

    /** A steady phase at {@code rate} for {@code seconds}. */
    public static Measurement steady(
            BenchContext context, Cluster cluster, LoadRun run, String label, double rate, int seconds)
            throws InterruptedException {
        int count = (int) Math.max(100, rate * seconds);
        context.progress(String.format("%s: steady %.0f jobs/s, %d jobs", label, rate, count));
        Map<String, Duration> before = cluster.cpu();
        Measurement m = context.report().phase(run.steady(label, count, rate));
        recordCpu(context, cluster, m, before);
        context.progress(String.format("%s: p50 %.0f ms, p99 %.0f ms, %d lost", label, m.p50Ms(), m.p99Ms(), m.lost()));
        return m;
    }
}
