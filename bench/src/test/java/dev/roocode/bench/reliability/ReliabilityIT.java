package dev.roocode.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.BenchOptions;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.report.Report;
import dev.roocode.bench.scenario.Pipelines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small reliability suite: broker, simulator, processor and connectors each in its own JVM, killed with
 * SIGKILL mid-run. Each case's figures (lost, duplicate Results, repeated provider calls, recovery) are
 * written to {@code target/reliability-it/report.md} and printed; they are reported, not asserted (the
 * targets are the benchmark's to report), unless {@code -Dbench.strict=true}. The full suite: {@code bench/run reliability}.
 */
class ReliabilityIT {
    private static final int JOBS = 1500;
    private static final int RATE = 400;

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryCaseAgainstRealProcesses() throws Exception {
        Report report = new Report("reliability (ReliabilityIT)", "mvn -pl bench -am verify -Dit.test=ReliabilityIT",
                Map.of("jobs", JOBS, "rate", RATE, "partitions", 4, "window", 32));
        BenchContext context = new BenchContext(new BenchOptions(Map.of("partitions", "4", "window", "32")), dir, report);
        List<CaseResult> results = new ArrayList<>();
        try (Cluster cluster = context.startCluster()) {
            Pipelines.startRoocode(context, cluster, "exactly_once_v2", 100);
            ReliabilitySuite suite = new ReliabilitySuite(cluster, JOBS, RATE, context::progress).onMeasured(report::phase);
            for (String name : List.of("processor-kill", "connectors-kill", "both-kill", "broker-restart", "poison", "duplicate-submissions")) {
                CaseResult result = suite.run(name);
                context.progress(result.row().toString());
                report.row(result.row());
                results.add(result);
            }
        } finally {
            report.write(Path.of("target", "reliability-it"));
        }

        assertThat(results).allSatisfy(r -> assertThat(r.submitted()).isEqualTo(JOBS));
        if (Boolean.getBoolean("bench.strict")) {
            assertThat(results).allSatisfy(r -> assertThat(r.targetsMet()).as(r.row().toString()).isTrue());
        }
    }
}
