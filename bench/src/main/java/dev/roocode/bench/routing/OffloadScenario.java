package dev.roocode.bench.routing;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.BenchOptions;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.SimulatorStats;
import dev.roocode.bench.report.Figure;
import dev.roocode.bench.routing.OffloadFigures.JobOutcome;
import dev.roocode.bench.routing.OffloadFigures.Prices;
import dev.roocode.bench.routing.OffloadFigures.TimeScale;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.RoutingStrategy;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * #20: provider batch APIs as half-price candidates, chosen per job by its deadline.
 *
 * <p>Three simulated providers serve one model: {@code alpha} and {@code beta} (type openai) offer batch at 50%,
 * {@code gamma} only realtime. 80% of the jobs are due in 24 h, 20% in 10 min. The simulator's batches take a
 * 2-hour turnaround, fail 5% of their lines and let the first batch created expire whole; the connectors
 * process is SIGKILLed once provider batches exist and started again. Time is compressed by {@code --time-scale}
 * (60: a day in 24 min): the turnaround, both deadlines, the realtime fallback margin (30 min), the batches'
 * poll back-off and completion window are divided by it. Reported: cost against the all-realtime cost of the
 * same jobs, the share on time, lost and duplicate Results, and provider batches created twice.
 */
public final class OffloadScenario implements Scenario {
    static final String MODEL = "offload-chat";
    static final double DISCOUNT = 0.5;
    static final List<String> BATCH_PROVIDERS = List.of("alpha", "beta");
    /** The least the tight deadline is, compressed or not (see {@link #run}). */
    static final Duration TIGHT_AT_LEAST = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "offload";
    }

    @Override
    public String description() {
        return "provider batch APIs at 50%, 80% jobs due in 24 h / 20% in 10 min, 5% failed lines, one expired batch,"
                + " SIGKILL of the connectors: cost vs all-realtime, on time, exactly one Result, 0 batches created twice";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var o = context.options();
        int jobs = o.integer("jobs", 100_000);
        int rate = o.integer("rate", 200);
        int loosePercent = o.integer("loose-percent", 80);
        double looseShare = loosePercent / 100.0;
        // from the integer percent: 1 - 0.8 is 0.19999999999999996 in doubles, one tight job short of 20,000
        double tightShare = (100 - loosePercent) / 100.0;
        TimeScale scale = new TimeScale(o.integer("time-scale", 60));
        Duration turnaround = scale.of(Duration.ofHours(2));
        Duration loose = scale.of(Duration.ofHours(24));
        // the short deadline: 10 min compressed like the rest, but at least a minute. A process restart is not
        // compressed: at ×60, 10 min is 10 s, less than the connectors take to restart after the SIGKILL and
        // rejoin their group (13 s on a quiet machine), a share of the deadline a real 10-minute job never sees.
        // It must stay below the turnaround plus the margin, or the tight jobs become batch candidates too.
        Duration tight = Duration.ofMillis(o.integer("tight-deadline-ms", (int)
                Math.max(scale.of(Duration.ofMinutes(10)).toMillis(), TIGHT_AT_LEAST.toMillis())));
        Duration margin = scale.of(Duration.ofMinutes(30));
        if (tight.compareTo(turnaround.plus(margin)) >= 0) {
            throw new BenchOptions.BadOption("--tight-deadline-ms must be below the compressed turnaround plus margin ("
                    + turnaround.plus(margin).toMillis() + " ms), or the tight jobs are batch candidates too");
        }
        // the simulator's batches ask for OpenAI's 24 h window; capped so the expiring batch expires within the run
        Duration window = turnaround.multipliedBy(2);
        int failedPct = o.integer("failed-percent", 5);
        int maxLines = o.integer("batch-max-lines", 1000);
        long maxAgeMs = o.integer("batch-max-age-ms", 5000);
        int killAfterBatches = o.integer("kill-after-batches", 3);
        // a line may try the batch APIs up to maxAttempts times (the first try is free, one attempt is kept for
        // realtime): with 5% of lines failing per try, 3 leave 1 loose line in 8,000 on realtime, 5 about none
        int maxAttempts = o.integer("max-attempts", 5);

        SimProvider alpha = new SimProvider("alpha", 2.0, 8.0, 12_000, 1_000_000_000L, 200);
        SimProvider beta = new SimProvider("beta", 2.0, 8.0, 12_000, 1_000_000_000L, 200);
        SimProvider gamma = new SimProvider("gamma", 3.0, 12.0, 12_000, 1_000_000_000L, 200);
        Prices cheapestRealtime = new Prices(alpha.inputUsdPerMTok(), alpha.outputUsdPerMTok());
        long tokensPerJob = CostScenario.tokensPerJob();
        BatchEndpoint batch = BatchEndpoint.newBuilder()
                .setDiscount(DISCOUNT)
                .setTurnaroundMs(turnaround.toMillis())
                .setMaxLines(maxLines)
                .setMaxAgeMs(maxAgeMs)
                .build();
        List<ProviderConfig> providers = List.of(
                withBatch(alpha.config("", MODEL, tokensPerJob), batch),
                withBatch(beta.config("", MODEL, tokensPerJob), batch),
                gamma.config("", MODEL, tokensPerJob));

        Cluster cluster =
                new Cluster(context.dir().resolve("data"), o.integer("partitions", 4), o.integer("window", 64));
        try (cluster) {
            cluster.simulatorArgs(List.of(
                    "--batch-turnaround-ms", String.valueOf(turnaround.toMillis()),
                    "--batch-window-ms", String.valueOf(window.toMillis()),
                    "--batch-failed-pct", String.valueOf(failedPct),
                    "--batch-expire-nth", "1"));
            cluster.startInfrastructure();
            List<ProviderConfig> declared = providers.stream()
                    .map(p -> ProviderConfig.newBuilder(p)
                            .setEndpoint(cluster.simulatorUrl())
                            .build())
                    .toList();
            cluster.createDispatchTopics(declared);
            cluster.retireCatchAllProvider();
            cluster.publishProviders(declared);
            cluster.processorSettings(Map.of(
                    "route.batch.margin.ms", String.valueOf(margin.toMillis()),
                    "route.max.attempts", String.valueOf(maxAttempts)));
            cluster.connectorsSettings(Map.of(
                    "batch.fallback.margin.ms", String.valueOf(margin.toMillis()),
                    "batch.poll.initial.ms",
                            String.valueOf(scale.of(Duration.ofSeconds(10)).toMillis()),
                    "batch.poll.max.ms",
                            String.valueOf(scale.of(Duration.ofMinutes(5)).toMillis())));
            cluster.startProcessor();
            cluster.startConnectors();
            // the tight jobs' deadlines start with their sending: wait until the router runs and every realtime
            // worker holds its partitions, however long a loaded machine takes to start them
            context.progress("offload: waiting for the processor (RUNNING) and the workers (assigned)");
            cluster.processor().awaitLog("to RUNNING", 300_000);
            for (ProviderConfig p : declared) {
                cluster.connectors().awaitLog("provider=" + p.getName() + " assigned", 300_000);
            }
            context.report()
                    .note(String.format(
                            Locale.ROOT,
                            "time compressed ×%.0f: batch turnaround %s (2 h), deadlines %s (24 h) and %s (10 min,"
                                    + " compressed but at least 1 min: the connectors' restart is not compressed),"
                                    + " route.batch.margin.ms = batch.fallback.margin.ms = %s (30 min), batch window"
                                    + " capped at %s (2 × turnaround, the simulator's --batch-window-ms), batch poll"
                                    + " back-off %s..%s",
                            scale.factor(),
                            turnaround,
                            loose,
                            tight,
                            margin,
                            window,
                            scale.of(Duration.ofSeconds(10)),
                            scale.of(Duration.ofMinutes(5))));
            context.report()
                    .note("route.max.attempts = " + maxAttempts + " (a line may try the batch APIs up to " + maxAttempts
                            + " times, the first free, one attempt kept for realtime)");
            context.report()
                    .note("providers (one model " + MODEL + "): alpha and beta $2/$8 per MTok in/out, batch at "
                            + DISCOUNT + " (" + maxLines + " lines or " + maxAgeMs + " ms per provider batch);"
                            + " gamma $3/$12, realtime only; simulator: " + failedPct
                            + "% of each batch's lines fail, the 1st batch created expires whole");

            AvroSerde<Job> jobSerde = cluster.topics().jobs().valueSerde(cluster.registry());
            AvroSerde<Result> resultSerde = cluster.topics().results().valueSerde(cluster.registry());
            CostRun run = new CostRun(
                    cluster.bootstrap(),
                    cluster.topics().jobs().name(),
                    cluster.topics().results().name(),
                    jobSerde,
                    resultSerde);
            SimulatorStats stats = cluster.simulatorStats();
            AtomicReference<String> killed = new AtomicReference<>("not killed");
            long[] killedAtMs = {Long.MAX_VALUE};
            Thread killer = new Thread(
                    () -> killAndRestart(context, cluster, stats, killAfterBatches, killed, killedAtMs),
                    "offload-killer");
            killer.setDaemon(true);
            killer.start();

            context.progress(String.format(
                    "offload: %d jobs at %d/s, %.0f%% due in %s, the rest in %s",
                    jobs, rate, looseShare * 100, loose, tight));
            CostRun.Outcome[] outcomes =
                    run.run(jobs, rate, window.plus(Duration.ofMinutes(2)), context::progress, (id, i, now) -> {
                        boolean isTight = DeadlineJobs.tight(i, tightShare);
                        Job job = DeadlineJobs.inBatch(
                                DeadlineJobs.chat(id, MODEL, now, now.plus(isTight ? tight : loose)), i + 1, jobs);
                        job.getRouting().setStrategy(RoutingStrategy.COST);
                        return job;
                    });
            killer.interrupt();
            killer.join(60_000);
            context.report().note("connectors: " + killed.get());

            SimulatorStats.BatchCounts batches = stats.readBatches();
            report(context, outcomes, run.duplicates(), cheapestRealtime, batches, looseShare, failedPct);
            reportMisses(context, outcomes, killedAtMs[0]);
        }
    }

    /**
     * Where the jobs that were not served on time were sent: before the SIGKILL, in the minute after it (the
     * connectors' restart and rejoin), or later; and what their Results say.
     */
    private static void reportMisses(BenchContext context, CostRun.Outcome[] outcomes, long killedAtMs) {
        Map<String, Integer> misses = new TreeMap<>();
        for (CostRun.Outcome o : outcomes) {
            Result r = o.result();
            boolean onTime = r != null
                    && r.getStatus() == ResultStatus.SUCCEEDED
                    && r.getCompletedAt().toEpochMilli() <= o.deadlineMs();
            if (onTime) {
                continue;
            }
            long sinceKillS = Math.floorDiv(o.sentAtMs() - killedAtMs, 1000);
            String when = o.sentAtMs() < killedAtMs
                    ? "sent before the SIGKILL"
                    : sinceKillS < 60 ? "sent within 60 s after the SIGKILL" : "sent 60 s or more after the SIGKILL";
            String what = r == null
                    ? "no Result"
                    : r.getStatus() + (r.getProvider() == null ? " by the router" : " after " + r.getProvider());
            misses.merge(when + ", " + what, 1, Integer::sum);
        }
        if (!misses.isEmpty()) {
            context.report().note("jobs not served on time: " + misses);
        }
    }

    private static ProviderConfig withBatch(ProviderConfig config, BatchEndpoint batch) {
        return ProviderConfig.newBuilder(config)
                .setType("openai")
                .setBatch(batch)
                .build();
    }

    /** SIGKILL of the connectors once {@code afterBatches} provider batches were created, then a restart. */
    private static void killAndRestart(
            BenchContext context,
            Cluster cluster,
            SimulatorStats stats,
            int afterBatches,
            AtomicReference<String> killed,
            long[] killedAtMs) {
        try {
            while (stats.readBatches().creations() < afterBatches) {
                Thread.sleep(500);
            }
            long created = stats.readBatches().creations();
            context.progress("SIGKILL of the connectors after " + created + " provider batches");
            killedAtMs[0] = System.currentTimeMillis();
            cluster.connectors().kill();
            cluster.startConnectors();
            killed.set("SIGKILLed after " + created + " provider batches were created, restarted at once");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            killed.set("kill/restart failed: " + e);
        }
    }

    private static void report(
            BenchContext context,
            CostRun.Outcome[] outcomes,
            int duplicates,
            Prices realtime,
            SimulatorStats.BatchCounts batches,
            double looseShare,
            int failedPct) {
        List<JobOutcome> jobs = new ArrayList<>();
        Map<String, Integer> byProvider = new TreeMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        for (CostRun.Outcome o : outcomes) {
            Result r = o.result();
            if (r == null) {
                jobs.add(JobOutcome.lost(o.deadlineMs()));
                continue;
            }
            boolean ok = r.getStatus() == ResultStatus.SUCCEEDED && r.getOutput() != null;
            String provider = r.getProvider() == null ? "none" : r.getProvider();
            byProvider.merge(provider, 1, Integer::sum);
            if (!ok) {
                failures.merge(
                        r.getStatus()
                                + (r.getError() == null
                                        ? ""
                                        : " " + r.getError().getErrorClass()),
                        1,
                        Integer::sum);
            }
            jobs.add(new JobOutcome(
                    o.deadlineMs(),
                    true,
                    ok,
                    provider,
                    r.getCompletedAt().toEpochMilli(),
                    r.getCostUsd(),
                    ok ? r.getOutput().getUsage().getInputTokens() : 0,
                    ok ? r.getOutput().getUsage().getOutputTokens() : 0));
        }
        OffloadFigures f = OffloadFigures.of(jobs, duplicates, realtime);
        var report = context.report();
        report.figure(new Figure(
                "cost of the jobs (vs the same jobs all realtime at the cheapest offer)",
                "USD",
                f.costUsd(),
                "all realtime",
                f.allRealtimeUsd(),
                "ratio ≤ 0.6",
                f.costAtMost(0.60)));
        report.figure(new Figure(
                "jobs on time", "jobs", f.onTime(), "jobs sent", f.jobs(), "ratio = 1", f.onTime() == f.jobs()));
        report.figure(new Figure("jobs without a Result (lost)", "jobs", f.lost(), "", 0, "= 0", f.lost() == 0));
        report.figure(new Figure("duplicate Results", "Results", f.duplicates(), "", 0, "= 0", f.duplicates() == 0));
        report.figure(new Figure(
                "provider batches created twice (duplicateBatchCreations)",
                "batches",
                batches.duplicateCreations(),
                "provider batches created",
                batches.creations(),
                "= 0",
                batches.duplicateCreations() == 0));
        report.figure(Figure.of("jobs served by a provider batch", "jobs", f.byBatch(), "jobs sent", f.jobs()));
        report.note("Results by provider: " + byProvider);
        if (!failures.isEmpty()) {
            report.note("Results that did not succeed: " + failures);
        }
        double fallbackShare =
                looseShare == 0 ? 0 : Math.max(0, 1 - (double) f.byBatch() / Math.round(f.jobs() * looseShare));
        report.note(String.format(
                Locale.ROOT,
                "cost ratio %.4f; the best this run allows (tight jobs at full price, %.1f%% of the loose jobs back on"
                        + " realtime: failed lines (%d%% configured), the expired batch, any routed realtime) is %.4f",
                f.costRatio(),
                100 * fallbackShare,
                failedPct,
                OffloadFigures.boundRatio(looseShare, DISCOUNT, fallbackShare)));
        context.progress(String.format(
                Locale.ROOT,
                "offload: cost ratio %.4f, on time %d/%d, lost %d, duplicates %d, batches %d (created twice %d)",
                f.costRatio(),
                f.onTime(),
                f.jobs(),
                f.lost(),
                f.duplicates(),
                batches.creations(),
                batches.duplicateCreations()));
    }
}
