package dev.roocode.bench.scenario;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.load.Measurement;
import dev.roocode.bench.report.Figure;

/** Kafka's floor: a producer and a consumer of the same records (Roocode Jobs' bytes), counts and partitions. */
public final class RawScenario implements Scenario {
    @Override
    public String name() {
        return "raw";
    }

    @Override
    public String description() {
        return "producer + consumer of the same records: Kafka's floor (baseline: the producer's own send rate)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int warmup = context.options().integer("warmup", 150_000);
        int jobs = context.options().integer("jobs", 100_000);
        try (Cluster cluster = context.startCluster()) {
            Measurement raw =
                    Pipelines.warmAndMeasureMax(context, cluster, Pipelines.raw(cluster), "raw", warmup, jobs);
            context.report()
                    .figure(Figure.of(
                            "raw: records/s produced and consumed",
                            "rec/s",
                            raw.throughput(),
                            "producer send rate",
                            raw.sendRate()));
        }
    }
}
