package dev.roocode.bench.scenario;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.reliability.CaseResult;
import dev.roocode.bench.reliability.ReliabilitySuite;
import java.util.Arrays;
import java.util.List;

/** The reliability suite, every case on one cluster of real processes (see {@link ReliabilitySuite}). */
public final class ReliabilityScenario implements Scenario {
    @Override
    public String name() {
        return "reliability";
    }

    @Override
    public String description() {
        return "processes SIGKILLed and restarted, broker restart, connection resets, poison input, duplicate submissions";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int jobs = context.options().integer("jobs", 20_000);
        int rate = context.options().integer("rate", 1_000);
        List<String> cases = Arrays.asList(context.options()
                .string("cases", String.join(",", ReliabilitySuite.CASES))
                .split(","));
        try (Cluster cluster = context.startCluster()) {
            Pipelines.startRoocode(
                    context,
                    cluster,
                    context.options().string("guarantee", "exactly_once_v2"),
                    context.options().integer("commit-interval", 100));
            ReliabilitySuite suite =
                    new ReliabilitySuite(cluster, jobs, rate, context::progress).onMeasured(context.report()::phase);
            for (String name : cases) {
                CaseResult result = suite.run(name.trim());
                context.progress(result.row().toString());
                context.report().row(result.row());
            }
        }
        context.report()
                .note(
                        "Duplicate provider calls are counted by the simulator per X-Roocode-Request-Id; "
                                + "the target is at most one in-flight window (the provider's maxConcurrency) per crash. "
                                + "For provider-resets the repeated calls are the worker's retries of dropped connections, not crash repeats.");
    }
}
