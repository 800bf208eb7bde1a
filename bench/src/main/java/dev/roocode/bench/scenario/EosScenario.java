package dev.roocode.bench.scenario;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.load.Measurement;
import dev.roocode.bench.report.Figure;
import java.util.Arrays;

/**
 * Roocode's max rate with the processor under exactly_once_v2 against at_least_once in the same run. The
 * connectors JVM stays up (and warm) throughout; the processor restarts with each guarantee and is warmed up
 * again. The order is ALO, EOS, ALO, EOS ({@code --rounds}), and the medians are compared, so neither side
 * gets all of the machine's quiet moments.
 */
public final class EosScenario implements Scenario {
    @Override
    public String name() {
        return "eos";
    }

    @Override
    public String description() {
        return "Roocode max jobs/s with exactly_once_v2 vs at_least_once (baseline: at_least_once)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int warmup = context.options().integer("warmup", 150_000);
        int jobs = context.options().integer("jobs", 100_000);
        int rounds = context.options().integer("rounds", 2);
        int commitInterval = context.options().integer("commit-interval", 100);
        double[] alo = new double[rounds];
        double[] eos = new double[rounds];
        double[] aloCpu = new double[rounds];
        double[] eosCpu = new double[rounds];
        try (Cluster cluster = context.startCluster()) {
            for (int round = 0; round < rounds; round++) {
                Measurement a = measure(context, cluster, "at_least_once", commitInterval, warmup, jobs, round);
                alo[round] = a.throughput();
                aloCpu[round] = Pipelines.cpuPerJob(context, a);
                Measurement e = measure(context, cluster, "exactly_once_v2", commitInterval, warmup, jobs, round);
                eos[round] = e.throughput();
                eosCpu[round] = Pipelines.cpuPerJob(context, e);
            }
        }
        context.report()
                .figure(Figure.atLeast(
                        "jobs/s, exactly_once_v2 (median of " + rounds + ")",
                        "jobs/s",
                        median(eos),
                        "at_least_once",
                        median(alo),
                        0.75));
        context.report()
                .figure(Figure.atMost(
                        "CPU µs per job, exactly_once_v2 (median of " + rounds + ")",
                        "µs",
                        median(eosCpu),
                        "at_least_once",
                        median(aloCpu),
                        1 / 0.75));
    }

    private static Measurement measure(
            BenchContext context, Cluster cluster, String guarantee, int ci, int warmup, int jobs, int round)
            throws Exception {
        Pipelines.startRoocode(context, cluster, guarantee, ci);
        return Pipelines.warmAndMeasureMax(
                context,
                cluster,
                Pipelines.roocode(cluster, Pipelines.INSTANT_MODEL),
                guarantee + " #" + (round + 1),
                warmup,
                jobs);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
