package dev.roocode.bench.scenario;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.load.LoadRun;
import dev.roocode.bench.load.Measurement;
import dev.roocode.bench.report.Figure;
import java.util.ArrayList;
import java.util.List;

/**
 * Roocode with an instant simulated provider against the floor, both in the same run: jobs/s when draining
 * as fast as possible after a warm-up, then end-to-end latency at a steady 50% and 90% of Roocode's maximum,
 * for each commit interval (the same absolute rates for both).
 *
 * <p>Before the latency phases of each commit interval, both pipelines are restarted with it and warmed with
 * the same number of jobs at max rate ({@code --steady-warmup}, by default as many as {@code --warmup}): a
 * JIT still compiling shows as latency, so neither side may be measured colder than the other
 * (PERFORMANCE.md: a JVM is still compiling after 150,000 jobs).
 */
public final class E2eScenario implements Scenario {
    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String description() {
        return "Roocode, instant provider: max jobs/s, p50/p99 at 50% and 90% load, commit.interval.ms 100 and 20 (baseline: floor)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int warmup = context.options().integer("warmup", 150_000);
        int jobs = context.options().integer("jobs", 100_000);
        int steadySeconds = context.options().integer("steady-seconds", 30);
        int steadyWarmup = context.options().integer("steady-warmup", warmup);
        String guarantee = context.options().string("guarantee", "exactly_once_v2");
        List<Integer> intervals = new ArrayList<>();
        for (String ci : context.options().string("commit-intervals", "100,20").split(",")) {
            intervals.add(Integer.parseInt(ci.trim()));
        }
        // --metrics-compare=true: after the max-rate phase (metrics on, the default), the same with
        // metrics.enabled=false,
        // reported as a ratio; the latency phases are skipped
        boolean metricsCompare = Boolean.parseBoolean(context.options().string("metrics-compare", "false"));
        try (Cluster cluster = context.startCluster()) {
            Pipelines.startFloor(context, cluster, guarantee, intervals.get(0));
            Measurement floorMax =
                    Pipelines.warmAndMeasureMax(context, cluster, Pipelines.floor(cluster), "floor", warmup, jobs);
            cluster.stopFloor();
            Pipelines.startRoocode(context, cluster, guarantee, intervals.get(0));
            LoadRun roocode = Pipelines.roocode(cluster, Pipelines.INSTANT_MODEL);
            Measurement roocodeMax = Pipelines.warmAndMeasureMax(context, cluster, roocode, "roocode", warmup, jobs);
            context.report()
                    .figure(Figure.atLeast(
                            "jobs/s at max rate (" + guarantee + ", ci=" + intervals.get(0) + ")",
                            "jobs/s",
                            roocodeMax.throughput(),
                            "floor",
                            floorMax.throughput(),
                            0.5));
            context.report()
                    .figure(Figure.atMost(
                            "CPU µs per job at max rate (broker, simulator, pipeline)",
                            "µs",
                            Pipelines.cpuPerJob(context, roocodeMax),
                            "floor",
                            Pipelines.cpuPerJob(context, floorMax),
                            2.0));
            if (roocodeMax.lost() > 0) {
                context.report()
                        .note("Roocode lost " + roocodeMax.lost()
                                + " jobs in the max-rate phase (no Result within the stall timeout).");
            }
            if (metricsCompare) {
                compareMetrics(context, cluster, guarantee, intervals.get(0), roocodeMax, warmup, jobs);
                return;
            }

            double max = roocodeMax.throughput();
            cluster.stopRoocode();
            for (int ci : intervals) {
                Pipelines.startFloor(context, cluster, guarantee, ci);
                LoadRun floor = Pipelines.floor(cluster);
                warmUp(context, floor, "floor warm-up ci=" + ci, steadyWarmup);
                Measurement floor50 =
                        Pipelines.steady(context, cluster, floor, "floor 50% ci=" + ci, 0.5 * max, steadySeconds);
                Measurement floor90 =
                        Pipelines.steady(context, cluster, floor, "floor 90% ci=" + ci, 0.9 * max, steadySeconds);
                cluster.stopFloor();

                // processor and connectors start afresh too, and get the same warm-up as the floor had
                Pipelines.startRoocode(context, cluster, guarantee, ci);
                roocode = Pipelines.roocode(cluster, Pipelines.INSTANT_MODEL);
                warmUp(context, roocode, "roocode warm-up ci=" + ci, steadyWarmup);
                Measurement r50 =
                        Pipelines.steady(context, cluster, roocode, "roocode 50% ci=" + ci, 0.5 * max, steadySeconds);
                Measurement r90 =
                        Pipelines.steady(context, cluster, roocode, "roocode 90% ci=" + ci, 0.9 * max, steadySeconds);
                String load = String.format(" at %.0f jobs/s", 0.5 * max);
                context.report()
                        .figure(Figure.atMost(
                                "p99 ms, 50% load, ci=" + ci + load, "ms", r50.p99Ms(), "floor", floor50.p99Ms(), 2.0));
                context.report()
                        .figure(Figure.of(
                                "p50 ms, 50% load, ci=" + ci + load, "ms", r50.p50Ms(), "floor", floor50.p50Ms()));
                context.report()
                        .figure(Figure.of(
                                "CPU µs per job, 50% load, ci=" + ci,
                                "µs",
                                Pipelines.cpuPerJob(context, r50),
                                "floor",
                                Pipelines.cpuPerJob(context, floor50)));
                String load90 = String.format(" at %.0f jobs/s", 0.9 * max);
                context.report()
                        .figure(Figure.of(
                                "p99 ms, 90% load, ci=" + ci + load90, "ms", r90.p99Ms(), "floor", floor90.p99Ms()));
                context.report()
                        .figure(Figure.of(
                                "p50 ms, 90% load, ci=" + ci + load90, "ms", r90.p50Ms(), "floor", floor90.p50Ms()));
                cluster.stopRoocode();
            }
        }
    }

    /**
     * The cost of the metrics on the hot path (target: at most 3% of throughput): Roocode's max rate with metrics on
     * (already measured) and off, in the order on, off, off, on, each run on a restarted and equally warmed processor
     * and connectors.
     */
    private static void compareMetrics(
            BenchContext context,
            Cluster cluster,
            String guarantee,
            int commitIntervalMs,
            Measurement metricsOn,
            int warmup,
            int jobs)
            throws Exception {
        // A, B, B, A: metrics on was measured first (after the floor, on a colder broker); off, off, then on again
        // cancel what drifts linearly over the run (the broker's and simulator's own warm-up, which a single
        // on-then-off pair counted against the metrics). Each run restarts processor and connectors and warms them.
        Measurement off1 =
                measure(context, cluster, guarantee, commitIntervalMs, false, "roocode metrics off 1", warmup, jobs);
        Measurement off2 =
                measure(context, cluster, guarantee, commitIntervalMs, false, "roocode metrics off 2", warmup, jobs);
        Measurement on2 =
                measure(context, cluster, guarantee, commitIntervalMs, true, "roocode metrics on 2", warmup, jobs);
        double onJobs = (metricsOn.throughput() + on2.throughput()) / 2;
        double offJobs = (off1.throughput() + off2.throughput()) / 2;
        double onCpu = (Pipelines.cpuPerJob(context, metricsOn) + Pipelines.cpuPerJob(context, on2)) / 2;
        double offCpu = (Pipelines.cpuPerJob(context, off1) + Pipelines.cpuPerJob(context, off2)) / 2;
        context.report()
                .figure(Figure.atLeast(
                        "jobs/s at max rate, metrics on (mean of runs 1 and 4 of on, off, off, on; ci="
                                + commitIntervalMs + ")",
                        "jobs/s",
                        onJobs,
                        "metrics off (runs 2 and 3)",
                        offJobs,
                        0.97));
        context.report()
                .figure(Figure.atMost(
                        "CPU µs per job at max rate, metrics on (mean of runs 1 and 4)",
                        "µs",
                        onCpu,
                        "metrics off (runs 2 and 3)",
                        offCpu,
                        1.03));
        context.report()
                .note(String.format(
                        "Metrics on/off runs in order: on %.0f, off %.0f, off %.0f, on %.0f jobs/s; CPU µs per job"
                                + " %.0f, %.0f, %.0f, %.0f.",
                        metricsOn.throughput(),
                        off1.throughput(),
                        off2.throughput(),
                        on2.throughput(),
                        Pipelines.cpuPerJob(context, metricsOn),
                        Pipelines.cpuPerJob(context, off1),
                        Pipelines.cpuPerJob(context, off2),
                        Pipelines.cpuPerJob(context, on2)));
    }

    /** Restarts processor and connectors with metrics on or off, warms them and measures their max rate. */
    private static Measurement measure(
            BenchContext context,
            Cluster cluster,
            String guarantee,
            int commitIntervalMs,
            boolean metrics,
            String label,
            int warmup,
            int jobs)
            throws Exception {
        cluster.stopRoocode();
        cluster.metricsEnabled(metrics);
        Pipelines.startRoocode(context, cluster, guarantee, commitIntervalMs);
        Measurement measured = Pipelines.warmAndMeasureMax(
                context, cluster, Pipelines.roocode(cluster, Pipelines.INSTANT_MODEL), label, warmup, jobs);
        cluster.stopRoocode();
        cluster.metricsEnabled(true);
        return measured;
    }

    private static void warmUp(BenchContext context, LoadRun run, String label, int jobs) throws InterruptedException {
        if (jobs > 0) {
            context.progress(label + ", " + jobs + " jobs");
            context.report().phase(run.maxRate(label, jobs));
        }
    }
}
