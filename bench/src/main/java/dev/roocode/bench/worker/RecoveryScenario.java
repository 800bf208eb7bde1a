package dev.roocode.bench.worker;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.bench.report.Figure;
import dev.roocode.sandbox.simulator.SimulatorMain;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recovery (issue #6): jobs arrive at a steady {@code rate} for a provider answering in {@code latency-ms};
 * after {@code down-at-s} the provider goes away for {@code down-s} (the simulator process is killed with
 * SIGKILL, so calls meet a refused connection, then started again on the same port). Reported: seconds from
 * the provider's return (the new simulator serving) to the first of three seconds in a row with answers at
 * ≥ 90% of the offered rate. Jobs that fail meanwhile go to the fallback topic (no processor runs to reroute).
 */
public final class RecoveryScenario implements Scenario {
    private static final List<String> LOG_FLAGS = List.of("-Dlog4j2.configurationFile=log4j2-bench.xml");

    @Override
    public String name() {
        return "recovery";
    }

    @Override
    public String description() {
        return "worker recovery after the provider is down for 30 s: seconds from its return to full rate (bound 10 s)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var o = context.options();
        int rate = o.integer("rate", 150);
        int latencyMs = o.integer("latency-ms", 200);
        int window = o.integer("window", 64);
        int partitions = o.integer("dispatch-partitions", 6);
        int downAt = o.integer("down-at-s", 20);
        int downFor = o.integer("down-s", 30);
        int after = o.integer("after-s", 30);
        long waitInOpen = o.integer("wait-in-open-ms", 5000);
        int bound = o.integer("bound-s", 10);
        String model = "sim-latency-" + latencyMs;

        try (Cluster cluster = context.startCluster();
                WorkerRig rig = new WorkerRig(cluster);
                Outcomes outcomes = new Outcomes(cluster)) {
            ProviderConfig provider = rig.provider("recovery", window, null, null, waitInOpen);
            rig.register(provider, partitions);
            rig.startConnectors().awaitLog("provider=recovery assigned", 120_000);
            context.progress(String.format(
                    "%d jobs/s of %s; the simulator is killed at %d s for %d s", rate, model, downAt, downFor));

            long start = System.currentTimeMillis();
            long killedAt = 0;
            long returnedAt = 0;
            JvmProcess revived = null;
            int sent = 0;
            int total = rate * (downAt + downFor + after);
            try {
                while (sent < total) {
                    long now = System.currentTimeMillis();
                    if (killedAt == 0 && now - start >= downAt * 1000L) {
                        cluster.simulator().kill();
                        killedAt = System.currentTimeMillis();
                        context.progress("simulator killed");
                    }
                    if (killedAt != 0 && revived == null && now - killedAt >= downFor * 1000L) {
                        int port = URI.create(cluster.simulatorUrl()).getPort();
                        revived = JvmProcess.start(
                                "simulator-revived",
                                SimulatorMain.class.getName(),
                                List.of("--port", String.valueOf(port)),
                                LOG_FLAGS,
                                Map.of(),
                                cluster.logs());
                        // keep sending while it starts: the ready line is polled below
                    }
                    if (revived != null && returnedAt == 0 && revived.ownLog().contains("http://")) {
                        returnedAt = System.currentTimeMillis();
                        context.progress("simulator serving again");
                    }
                    int due = (int) Math.min(total, (now - start) * rate / 1000);
                    for (; sent < due; sent++) {
                        rig.send("recovery", "rec-" + sent, model, "hello " + sent, 16);
                    }
                    rig.flush();
                    Thread.sleep(5);
                }
                if (returnedAt == 0) {
                    throw new IllegalStateException(
                            "the simulator did not come back while jobs were sent; see " + cluster.logs());
                }
                outcomes.await("recovery", total, Duration.ofSeconds(30));
                report(context, outcomes.of("recovery"), rate, start, killedAt, returnedAt, total, bound, waitInOpen);
            } finally {
                if (revived != null) {
                    revived.close();
                }
            }
        }
    }

    private static void report(
            BenchContext context,
            List<Outcomes.Outcome> all,
            int rate,
            long start,
            long killedAt,
            long returnedAt,
            int sent,
            int bound,
            long waitInOpen) {
        int seconds =
                (int) ((all.stream().mapToLong(Outcomes.Outcome::atMs).max().orElse(start) - start) / 1000) + 1;
        int[] answered = new int[Math.max(seconds, 1)];
        long ok = 0;
        for (Outcomes.Outcome x : all) {
            if (x.succeeded()) {
                ok++;
                int s = (int) ((x.atMs() - start) / 1000);
                if (s >= 0 && s < answered.length) {
                    answered[s]++;
                }
            }
        }
        double recovery = secondsToFullRate(answered, start, returnedAt, rate);
        context.report()
                .figure(Figure.atMost(
                        "seconds from the provider's return to full rate (3 s at ≥ 90% of offered)",
                        "s", recovery, "bound", bound, 1.0));
        StringBuilder series = new StringBuilder();
        for (int s = 0; s < answered.length; s++) {
            series.append(s == 0 ? "" : " ").append(answered[s]);
        }
        context.report()
                .note(String.format(
                        Locale.ROOT,
                        "offered %d jobs/s; simulator killed at %.1f s, serving again at %.1f s (down %.1f s); "
                                + "breaker waitInOpen %d ms; %d jobs sent, %d answered, %d failed to fallback, %d with no outcome",
                        rate,
                        (killedAt - start) / 1000.0,
                        (returnedAt - start) / 1000.0,
                        (returnedAt - killedAt) / 1000.0,
                        waitInOpen,
                        sent,
                        ok,
                        all.stream()
                                .filter(x -> !x.succeeded())
                                .map(Outcomes.Outcome::requestId)
                                .distinct()
                                .count(),
                        sent
                                - all.stream()
                                        .map(Outcomes.Outcome::requestId)
                                        .distinct()
                                        .count()));
        context.report().note("answers per second from the first job: " + series);
        context.progress(
                Double.isNaN(recovery)
                        ? "full rate never came back"
                        : String.format(Locale.ROOT, "full rate %.1f s after the return", recovery));
    }

    /**
     * Seconds from {@code returnedAtMs} to the start of the first whole second after it that begins three seconds
     * in a row with answers at ≥ 90% of {@code rate}; NaN when that never happened.
     *
     * @param answered answers per second, index 0 being the second from {@code startMs}
     */
    static double secondsToFullRate(int[] answered, long startMs, long returnedAtMs, int rate) {
        int back = (int) Math.ceil((returnedAtMs - startMs) / 1000.0);
        for (int s = Math.max(0, back); s + 2 < answered.length; s++) {
            if (answered[s] >= 0.9 * rate && answered[s + 1] >= 0.9 * rate && answered[s + 2] >= 0.9 * rate) {
                return (startMs + s * 1000L - returnedAtMs) / 1000.0;
            }
        }
        return Double.NaN;
    }
}
