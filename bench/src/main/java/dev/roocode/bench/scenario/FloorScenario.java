package dev.roocode.bench.scenario;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.load.Measurement;
import dev.roocode.bench.report.Figure;

/**
 * The architecture's floor: Roocode's hops with no logic (Streams pass-through → worker calling the
 * simulator over async HTTP → Streams pass-through), each in its own JVM, against raw Kafka in the same run.
 */
public final class FloorScenario implements Scenario {
    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String description() {
        return "Roocode's hops with no logic, each in its own JVM (baseline: raw)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int warmup = context.options().integer("warmup", 150_000);
        int jobs = context.options().integer("jobs", 100_000);
        String guarantee = context.options().string("guarantee", "exactly_once_v2");
        int commitInterval = context.options().integer("commit-interval", 100);
        try (Cluster cluster = context.startCluster()) {
            Measurement raw =
                    Pipelines.warmAndMeasureMax(context, cluster, Pipelines.raw(cluster), "raw", warmup / 3, jobs);
            Pipelines.startFloor(context, cluster, guarantee, commitInterval);
            Measurement floor =
                    Pipelines.warmAndMeasureMax(context, cluster, Pipelines.floor(cluster), "floor", warmup, jobs);
            context.report()
                    .figure(Figure.of(
                            "floor: jobs/s at max rate", "jobs/s", floor.throughput(), "raw", raw.throughput()));
        }
    }
}
