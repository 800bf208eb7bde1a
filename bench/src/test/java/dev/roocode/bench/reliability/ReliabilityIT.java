package dev.roocode.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.BenchOptions;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.report.Report;
import dev.roocode.bench.scenario.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small reliability suite: broker, simulator, processor and connectors each in its own JVM, killed with
 * SIGKILL mid-run. Each case's figures (lost, duplicate Results, repeated provider calls, recovery) are
 * written to {@code target/reliability-it/report.md} and printed. The guarantees are asserted for every case:
 * 0 lost, 0 duplicate Results, repeated provider calls within one window per crash. The recovery time is
 * reported, not asserted (a figure of the machine as much as of Roocode), unless {@code -Dbench.strict=true}.
 * A case counts what is unanswered after {@link #STALL} without a new Result as lost: long enough for a restart
 * on a loaded 2-core machine. The processes' logs are kept in {@code target/reliability-it/logs}. The full
 * suite: {@code bench/run reliability}.
 */
class ReliabilityIT {
    /**
     * Enough that every fault meets hundreds of jobs still unanswered (more than the in-flight window of every
     * partition): the kill fires at 30% answered, after the last job is sent. 1,500 exercised nothing more and
     * doubled the part of each case that is not recovery; the large runs are {@code bench/run reliability}.
     */
    private static final int JOBS = 750;

    private static final int RATE = 400;
    /** No new Result for this long ends a case; a double SIGKILL's restart took 30-65 s at load 30-40. */
    private static final Duration STALL = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryCaseAgainstRealProcesses() throws Exception {
        Report report = new Report(
                "reliability (ReliabilityIT)",
                "mvn -pl bench -am verify -Dit.test=ReliabilityIT",
                Map.of("jobs", JOBS, "rate", RATE, "partitions", 4, "window", 32));
        BenchContext context =
                new BenchContext(new BenchOptions(Map.of("partitions", "4", "window", "32")), dir, report);
        List<CaseResult> results = new ArrayList<>();
        try (Cluster cluster = context.startCluster()) {
            Pipelines.startRoocode(context, cluster, "exactly_once_v2", 100);
            ReliabilitySuite suite = new ReliabilitySuite(cluster, JOBS, RATE, context::progress)
                    .onMeasured(report::phase)
                    .stallTimeout(STALL);
            for (String name : List.of(
                    "processor-kill",
                    "connectors-kill",
                    "both-kill",
                    "broker-restart",
                    "poison",
                    "duplicate-submissions")) {
                CaseResult result = suite.run(name);
                context.progress(result.row().toString());
                report.row(result.row());
                results.add(result);
            }
        } finally {
            report.write(Path.of("target", "reliability-it"));
            keepLogs(dir.resolve("data").resolve("logs"), Path.of("target", "reliability-it", "logs"));
        }

        assertThat(results).allSatisfy(r -> assertThat(r.submitted()).isEqualTo(JOBS));
        assertThat(results)
                .allSatisfy(r -> assertThat(r.deliveryMet())
                        .as(
                                "0 lost, 0 duplicate Results, repeated calls within the bound: %s (logs in target/reliability-it/logs)",
                                r.row())
                        .isTrue());
        if (Boolean.getBoolean("bench.strict")) {
            assertThat(results)
                    .allSatisfy(r ->
                            assertThat(r.targetsMet()).as(r.row().toString()).isTrue());
        }
    }

    /** The processes' logs outlive the temporary folder, so a failed case can be read afterwards. */
    private static void keepLogs(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> logs = Files.list(from)) {
            for (Path log : logs.toList()) {
                Files.copy(log, to.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
