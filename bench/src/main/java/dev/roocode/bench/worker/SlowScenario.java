package dev.roocode.bench.worker;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.bench.cluster.SimulatorStats;
import dev.roocode.bench.report.Figure;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Slow provider (issue #6): a provider answering after {@code latency} ms with an in-flight window of
 * {@code window} calls can at best serve window / latency jobs/s; the worker should get within 10% of that
 * whether the dispatch topic has 1 or 12 partitions (the window is per worker, not per partition).
 *
 * <p>One connectors process; per partition count its own provider and dispatch topic, run one after the
 * other. A backlog of {@code jobs} is produced first; the rate is the jobs answered after the first window's
 * worth over the time between the first and the last answer (the worker's {@code completedAt}).
 *
 * <p>Before the phases, with a fast provider ({@code --latency-ms} ≤ 100, or {@code --direct-calls=N}), a
 * {@link DirectClient} makes the same calls with the same window and no Kafka: what the machine allows, the
 * worker's real ceiling (its slots also wait for the outcome's acknowledgement and the commit).
 */
public final class SlowScenario implements Scenario {

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public String description() {
        return "worker vs a slow provider (latency 2 s, window 64), 1 and 12 partitions: jobs/s vs window/latency";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var o = context.options();
        int latencyMs = o.integer("latency-ms", 2000);
        int window = o.integer("window", 64);
        int jobs = o.integer("jobs", 1600);
        int[] partitionCounts = Arrays.stream(
                        o.string("partition-counts", "1,12").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        double bound = window * 1000.0 / latencyMs;
        // the worker's ceiling on this machine: a client with the same window and no Kafka (skipped for slow
        // providers, where it would take as long as a phase and the call dominates anyway)
        int directCalls = o.integer("direct-calls", latencyMs <= 100 ? jobs : 0);
        String model = "sim-latency-" + latencyMs;

        try (Cluster cluster = context.startCluster();
                WorkerRig rig = new WorkerRig(cluster);
                Outcomes outcomes = new Outcomes(cluster)) {
            List<ProviderConfig> providers = new ArrayList<>();
            for (int partitions : partitionCounts) {
                ProviderConfig provider = rig.provider("slow-p" + partitions, window, null, null, null);
                rig.register(provider, partitions);
                providers.add(provider);
            }
            JvmProcess connectors = rig.startConnectors();
            for (ProviderConfig provider : providers) {
                connectors.awaitLog("provider=" + provider.getName() + " assigned", 120_000);
            }
            SimulatorStats stats = cluster.simulatorStats();
            double direct = 0;
            if (directCalls > 0) {
                context.progress(String.format(
                        "direct client: %d calls, %s, %d in flight, no Kafka", directCalls, model, window));
                direct = DirectClient.rate(cluster.simulatorUrl(), model, window, directCalls);
                context.report()
                        .figure(Figure.of(
                                String.format(
                                        Locale.ROOT,
                                        "jobs/s, direct client (JDK HttpClient, %d in flight, no Kafka)",
                                        window),
                                "jobs/s",
                                direct,
                                "window / latency",
                                bound));
                context.progress(String.format(Locale.ROOT, "direct client: %.1f jobs/s (bound %.1f)", direct, bound));
            }
            double[] rates = new double[partitionCounts.length];
            for (int i = 0; i < partitionCounts.length; i++) {
                String provider = providers.get(i).getName();
                stats.reset();
                context.progress(String.format(
                        "%s: %d jobs to %d partition(s), %s, window %d",
                        provider, jobs, partitionCounts[i], model, window));
                for (int j = 0; j < jobs; j++) {
                    rig.send(provider, provider + "-" + j, model, "hello " + j, 16);
                }
                rig.flush();
                Duration timeout = Duration.ofSeconds(120 + (long) (3 * jobs / bound));
                if (!outcomes.await(provider, jobs, timeout)) {
                    context.report()
                            .note(provider + ": only " + outcomes.finished(provider) + " of " + jobs
                                    + " jobs finished within " + timeout);
                }
                rates[i] = measure(
                        context,
                        provider,
                        partitionCounts[i],
                        outcomes.of(provider),
                        window,
                        latencyMs,
                        bound,
                        stats.read());
                if (direct > 0) {
                    context.report()
                            .figure(Figure.of(
                                    String.format(
                                            Locale.ROOT,
                                            "jobs/s, %d partition(s), against the direct client",
                                            partitionCounts[i]),
                                    "jobs/s",
                                    rates[i],
                                    "direct client",
                                    direct));
                }
            }
            if (rates.length == 2) {
                double low = Math.min(rates[0], rates[1]);
                double high = Math.max(rates[0], rates[1]);
                context.report()
                        .figure(Figure.atLeast(
                                String.format(
                                        "jobs/s, the lower of %d and %d partitions",
                                        partitionCounts[0], partitionCounts[1]),
                                "jobs/s",
                                low,
                                "the higher",
                                high,
                                0.9));
            }
        }
    }

    private static double measure(
            BenchContext context,
            String provider,
            int partitions,
            List<Outcomes.Outcome> all,
            int window,
            int latencyMs,
            double bound,
            SimulatorStats.Counts counts) {
        List<Outcomes.Outcome> ok =
                all.stream().filter(Outcomes.Outcome::succeeded).toList();
        long failed = all.size() - ok.size();
        long[] times = ok.stream().mapToLong(Outcomes.Outcome::atMs).sorted().toArray();
        double rate =
                times.length <= window ? 0 : (times.length - window) / ((times[times.length - 1] - times[0]) / 1000.0);
        context.report()
                .figure(Figure.atLeast(
                        String.format(
                                Locale.ROOT,
                                "jobs/s, %d partition(s), latency %d ms, window %d",
                                partitions,
                                latencyMs,
                                window),
                        "jobs/s",
                        rate,
                        "window / latency",
                        bound,
                        0.9));
        context.report()
                .note(String.format(
                        Locale.ROOT,
                        "%s: %d answered, %d failed; rate = (answered − window) / (last − first answer) = "
                                + "(%d − %d) / %.1f s; simulator: %d calls, %d duplicate calls",
                        provider,
                        ok.size(),
                        failed,
                        times.length,
                        window,
                        times.length < 2 ? 0 : (times[times.length - 1] - times[0]) / 1000.0,
                        counts.totalCalls(),
                        counts.duplicateCalls()));
        context.progress(String.format(Locale.ROOT, "%s: %.1f jobs/s (bound %.1f)", provider, rate, bound));
        return rate;
    }
}
