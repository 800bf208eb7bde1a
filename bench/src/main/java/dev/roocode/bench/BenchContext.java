package dev.roocode.bench;

import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.report.Report;
import java.nio.file.Path;

/**
 * What a scenario runs with: its options, its results folder, its report, and the cluster it starts.
 *
 * @param options options of the run
 * @param dir     results folder of the run (report, chart, logs/, data)
 * @param report  the report the scenario fills
 */
public record BenchContext(BenchOptions options, Path dir, Report report) {

    /** A cluster with its infrastructure (broker, registry, simulator, topics) started, data under {@code dir/data}. */
    public Cluster startCluster() throws Exception {
        Cluster cluster =
                new Cluster(dir.resolve("data"), options.integer("partitions", 4), options.integer("window", 64));
        try {
            return cluster.startInfrastructure();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Progress on stderr, so a long run shows it is alive. */
    public void progress(String message) {
        System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), message);
    }
}
