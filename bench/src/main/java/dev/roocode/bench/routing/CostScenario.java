package dev.roocode.bench.routing;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.bench.floor.FloorStreamsMain;
import dev.roocode.bench.load.JobSource;
import dev.roocode.bench.load.LoadRun;
import dev.roocode.bench.load.Measurement;
import dev.roocode.bench.report.Figure;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.tokens.JobTokens;
import dev.roocode.schemas.topic.TopicAdmin;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Cost-aware routing against the offline optimum, and the router's throughput against a pass-through.
 *
 * <p>Three simulated providers (cheap and slow-draining, mid with a binding TPM, dear and fast) serve one
 * logical model; jobs arrive at a steady rate, a share with a tight deadline and the rest with a loose one.
 * Reported from one run: total cost against the {@link OfflineOptimum} for the same jobs (send times and
 * deadlines as sent), limits and latencies; the share finished by their deadline; then, with the connectors
 * stopped, jobs/s through the processor alone (jobs → dispatch) against a pass-through Streams topology with
 * the same processing guarantee and commit interval on the same broker.
 */
public final class CostScenario implements Scenario {
    static final String MODEL = "routebench-chat";

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public String description() {
        return "COST routing, 3 providers, mixed deadlines: cost vs offline optimum, on-time share; router jobs/s (baseline: pass-through)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var o = context.options();
        int jobs = o.integer("jobs", 100_000);
        int rate = o.integer("rate", 400);
        double tightShare = o.integer("tight-percent", 20) / 100.0;
        Duration tight = Duration.ofSeconds(o.integer("tight-deadline-s", 30));
        Duration loose = Duration.ofSeconds(o.integer("loose-deadline-s", 180));
        long slotMs = o.integer("slot-ms", 2000);
        int routerWarmup = o.integer(
                "router-warmup",
                200_000); // ≥ 150,000 (PERFORMANCE.md): with 50,000 the C2 compiler still took half a core in the
        // measured phase
        int routerJobs = o.integer(
                "router-jobs", 300_000); // 10 s or so: 100,000 (3 s) read 30% more CPU per job, still in the JIT's wake
        int commitInterval = o.integer("commit-interval", 100);
        int calibrationSeconds = o.integer("calibration-s", 20);
        String guarantee = o.string("guarantee", "exactly_once_v2");
        // provider rates as a share of the arrival rate (in jobs/s), so --rate scales the whole scenario
        double r = rate;
        long tokensPerJob = tokensPerJob();
        List<SimProvider> providers = List.of(
                new SimProvider(
                        "cheap",
                        0.15,
                        0.60,
                        Math.round(0.40 * r * 60),
                        Math.round(0.40 * r * 60 * tokensPerJob * 2),
                        800),
                new SimProvider(
                        "mid", 0.50, 1.50, Math.round(0.60 * r * 60), Math.round(0.30 * r * 60 * tokensPerJob), 400),
                new SimProvider(
                        "dear",
                        2.50,
                        10.00,
                        Math.round(0.80 * r * 60),
                        Math.round(0.80 * r * 60 * tokensPerJob * 2),
                        150));

        try (Cluster cluster = context.startCluster()) {
            registerProviders(context, cluster, providers, tokensPerJob);
            Map<String, String> processor = new LinkedHashMap<>(
                    Map.of("processing.guarantee", guarantee, "commit.interval.ms", String.valueOf(commitInterval)));
            processor.put("num.stream.threads", String.valueOf(o.integer("stream-threads", 1)));
            for (String key : List.of("horizon", "interval", "margin")) {
                String value = o.string("defer-" + key + "-ms", "");
                if (!value.isBlank()) {
                    processor.put("route.defer." + key + ".ms", value); // else the processor's default
                }
            }
            cluster.processorSettings(processor);
            cluster.startProcessor();
            cluster.startConnectors();
            AvroSerde<Job> jobSerde = cluster.topics().jobs().valueSerde(cluster.registry());
            AvroSerde<Result> resultSerde = cluster.topics().results().valueSerde(cluster.registry());
            CostRun costRun = new CostRun(
                    cluster.bootstrap(),
                    cluster.topics().jobs().name(),
                    cluster.topics().results().name(),
                    jobSerde,
                    resultSerde);
            context.progress("probe: waiting for the providers to answer");
            CostRun.Outcome[] probe =
                    costRun.run(MODEL, 20, 20, 0, tight, loose, Duration.ofSeconds(180), context::progress);
            if (Arrays.stream(probe).anyMatch(p -> p.result() == null)) {
                throw new IllegalStateException("the probe batch was not answered");
            }
            if (calibrationSeconds > 0) {
                providers = calibrate(context, cluster, costRun, providers, tokensPerJob, calibrationSeconds);
                declareProviders(context, cluster, providers, tokensPerJob);
                Thread.sleep(3000); // the router's global store and the workers see the new limits
            }

            context.progress(String.format(
                    "cost phase: %d jobs at %d/s, %.0f%% due in %s, the rest in %s",
                    jobs, rate, tightShare * 100, tight, loose));
            CostRun.Outcome[] outcomes = costRun.run(
                    MODEL, jobs, rate, tightShare, tight, loose, Duration.ofSeconds(120), context::progress);
            reportCost(context, providers, tokensPerJob, outcomes, costRun.duplicates(), slotMs, tight.toMillis());
            writeOutcomes(context, cluster, providers, outcomes);

            // router alone: no connectors, jobs without a deadline all go to the cheapest provider's dispatch topic.
            // (Jobs with
            // a far deadline would rightly wait in the router once that provider's queue passes the deferral horizon,
            // and
            // with no worker draining it they would wait for the whole day.)
            context.progress("router throughput: connectors stopped");
            cluster.connectors().close();
            JobSource farDeadline = (id, index) -> jobSerde.serialize(
                    cluster.topics().jobs().name(), DeadlineJobs.chat(id, MODEL, Instant.now(), null));
            LoadRun router = new LoadRun(
                    cluster.bootstrap(),
                    cluster.topics().jobs().name(),
                    cluster.topics().dispatch(providers.get(0).name()).name(),
                    farDeadline);
            Measurement routerMax = warmAndMeasure(
                    context,
                    router,
                    "router (processor alone)",
                    routerWarmup,
                    routerJobs,
                    cluster.processor(),
                    cluster.broker());

            JvmProcess floor = JvmProcess.start(
                    "floor-streams",
                    FloorStreamsMain.class.getName(),
                    List.of(
                            cluster.bootstrap(),
                            context.dir().resolve("data").resolve("floor-state").toString()),
                    List.of("-Dlog4j2.configurationFile=log4j2-bench.xml"),
                    Map.of(
                            "ROOCODE_PROCESSING_GUARANTEE",
                            guarantee,
                            "ROOCODE_COMMIT_INTERVAL_MS",
                            String.valueOf(commitInterval)),
                    cluster.logs());
            try {
                LoadRun passThrough = new LoadRun(
                                cluster.bootstrap(), Cluster.FLOOR_JOBS, Cluster.FLOOR_DISPATCH, farDeadline)
                        .stallTimeout(Duration.ofSeconds(180));
                passThrough.maxRate("pass-through probe", 20);
                passThrough.stallTimeout(Duration.ofSeconds(90));
                Measurement floorMax = warmAndMeasure(
                        context,
                        passThrough,
                        "pass-through Streams",
                        routerWarmup,
                        routerJobs,
                        floor,
                        cluster.broker());
                context.report()
                        .figure(Figure.atLeast(
                                "router jobs/s, jobs → dispatch (" + guarantee + ", ci=" + commitInterval + ")",
                                "jobs/s",
                                routerMax.throughput(),
                                "pass-through Streams",
                                floorMax.throughput(),
                                0.6));
                String streams = "Streams process";
                context.report()
                        .figure(Figure.of(
                                "CPU µs per job of the Streams process (processor vs pass-through)",
                                "µs",
                                context.report().cpuPerJobOf(routerMax.label()).getOrDefault(streams, Double.NaN),
                                "pass-through Streams",
                                context.report().cpuPerJobOf(floorMax.label()).getOrDefault(streams, Double.NaN)));
                if (routerMax.lost() > 0 || floorMax.lost() > 0) {
                    context.report()
                            .note("throughput phases lost jobs: router " + routerMax.lost() + ", pass-through "
                                    + floorMax.lost());
                }
            } finally {
                floor.close();
            }
        }
    }

    /**
     * A warm-up and a measured phase at the maximum rate, with the CPU per job of the Streams process and the
     * broker over the measured phase (CPU time is far less sensitive than jobs/s to other work on the machine).
     */
    private static Measurement warmAndMeasure(
            BenchContext context,
            LoadRun run,
            String label,
            int warmup,
            int count,
            JvmProcess streams,
            JvmProcess broker)
            throws InterruptedException {
        if (warmup > 0) {
            context.progress(label + ": warm-up, " + warmup + " jobs");
            context.report().phase(run.maxRate(label + " warm-up", warmup));
        }
        Duration streamsBefore = streams.cpu().orElse(Duration.ZERO);
        Duration brokerBefore = broker.cpu().orElse(Duration.ZERO);
        Measurement m = context.report().phase(run.maxRate(label + " max", count));
        if (m.received() > 0) {
            Map<String, Double> perJob = new LinkedHashMap<>();
            perJob.put(
                    "Streams process",
                    (streams.cpu().orElse(Duration.ZERO).toNanos() - streamsBefore.toNanos()) / 1e3 / m.received());
            perJob.put(
                    "broker",
                    (broker.cpu().orElse(Duration.ZERO).toNanos() - brokerBefore.toNanos()) / 1e3 / m.received());
            context.report().cpuPerJob(m.label(), perJob);
        }
        context.progress(String.format("%s: %.0f jobs/s, %d lost", label, m.throughput(), m.lost()));
        return m;
    }

    /** The router's estimate of one benchmark job's tokens (prompt + max_tokens): what its TPM arithmetic uses. */
    static long tokensPerJob() {
        Job job = DeadlineJobs.chat("x/0", MODEL, Instant.EPOCH, Instant.EPOCH);
        return JobTokens.inputTokens(job) + JobTokens.outputTokens(job);
    }

    private static void registerProviders(
            BenchContext context, Cluster cluster, List<SimProvider> providers, long tokensPerJob) {
        try (Admin admin = cluster.admin()) {
            TopicAdmin.createAndAwait(
                    admin,
                    providers.stream()
                            .map(p -> cluster.topics().dispatch(p.name()).newTopic(cluster.partitions(), (short) 1))
                            .toList(),
                    Duration.ofSeconds(60));
        }
        cluster.retireCatchAllProvider();
        declareProviders(context, cluster, providers, tokensPerJob);
    }

    /** Publishes each provider's config (its declared limits) on the providers topic. */
    private static void declareProviders(
            BenchContext context, Cluster cluster, List<SimProvider> providers, long tokensPerJob) {
        List<ProviderConfig> configs = providers.stream()
                .map(p -> p.config(cluster.simulatorUrl(), MODEL, tokensPerJob))
                .toList();
        cluster.publishProviders(configs);
        for (int i = 0; i < providers.size(); i++) {
            SimProvider p = providers.get(i);
            ProviderConfig config = configs.get(i);
            context.report()
                    .note(String.format(
                            Locale.ROOT,
                            "provider %s: $%.2f/$%.2f per MTok in/out, declared rpm %d, tpm %d (%.0f%% of the simulator's caps), latency %d ms, "
                                    + "window %d → %.1f jobs/s (model %s)",
                            p.name(),
                            p.inputUsdPerMTok(),
                            p.outputUsdPerMTok(),
                            p.limitRpm(),
                            p.limitTpm(),
                            100 * p.measuredShare(),
                            p.latencyMs(),
                            config.getLimits().getMaxConcurrency(),
                            p.jobsPerSecond(tokensPerJob),
                            p.providerModel()));
        }
    }

    /**
     * Writes {@code outcomes.csv} to the report folder: per job of the cost phase its send time, deadline, the
     * time the router dispatched it (read back from the dispatch topics), provider, status, error class and
     * completion time, all in ms from the first send. For looking into where the time went.
     */
    private static void writeOutcomes(
            BenchContext context, Cluster cluster, List<SimProvider> providers, CostRun.Outcome[] outcomes)
            throws IOException {
        Map<String, Long> dispatchedAt = new HashMap<>();
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                cluster.bootstrap(),
                "isolation.level",
                "read_committed",
                "max.poll.records",
                5000);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, AvroSerde<dev.roocode.schemas.avro.DispatchedJob>> serdes = new HashMap<>();
            for (SimProvider p : providers) {
                var spec = cluster.topics().dispatch(p.name());
                String topic = spec.name();
                serdes.put(topic, spec.valueSerde(cluster.registry()));
                consumer.partitionsFor(topic)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    dispatchedAt.put(
                            record.key(),
                            serdes.get(record.topic())
                                    .deserialize(record.topic(), record.value())
                                    .getAssignment()
                                    .getAssignedAt()
                                    .toEpochMilli());
                }
            }
        }
        long start = outcomes[0].sentAtMs();
        StringBuilder csv =
                new StringBuilder("index,sent_ms,deadline_ms,dispatched_ms,provider,status,error,completed_ms\n");
        for (int i = 0; i < outcomes.length; i++) {
            CostRun.Outcome o = outcomes[i];
            Result r = o.result();
            String id = r == null ? null : r.getRequestId();
            Long dispatched = id == null ? null : dispatchedAt.get(id);
            String provider = r == null
                    ? ""
                    : r.getProvider() != null
                            ? r.getProvider()
                            : r.getAttempts().isEmpty()
                                    ? ""
                                    : r.getAttempts()
                                            .get(r.getAttempts().size() - 1)
                                            .getProvider();
            csv.append(i)
                    .append(',')
                    .append(o.sentAtMs() - start)
                    .append(',')
                    .append(o.deadlineMs() - start)
                    .append(',')
                    .append(dispatched == null ? "" : String.valueOf(dispatched - start))
                    .append(',')
                    .append(provider)
                    .append(',')
                    .append(r == null ? "NONE" : r.getStatus())
                    .append(',')
                    .append(
                            r == null || r.getError() == null
                                    ? ""
                                    : r.getError().getErrorClass())
                    .append(',')
                    .append(r == null ? "" : String.valueOf(r.getCompletedAt().toEpochMilli() - start))
                    .append('\n');
        }
        Files.writeString(context.dir().resolve("outcomes.csv"), csv);
    }

    /**
     * Measures each provider's real drain rate: {@code seconds} of work at its caps for every provider at once
     * (jobs sent to it explicitly, no deadline, all queued at the start), the rate taken between the 10th and
     * the 90th percentile of its completion times. Returns the providers declared at those rates (never above
     * the caps).
     */
    private static List<SimProvider> calibrate(
            BenchContext context,
            Cluster cluster,
            CostRun costRun,
            List<SimProvider> providers,
            long tokensPerJob,
            int seconds)
            throws InterruptedException {
        int[] want = new int[providers.size()];
        int total = 0;
        for (int p = 0; p < want.length; p++) {
            want[p] = (int) Math.round(providers.get(p).capJobsPerSecond(tokensPerJob) * seconds);
            total += want[p];
        }
        // interleaved in proportion, so every queue fills from the start
        String[] owner = new String[total];
        int[] given = new int[want.length];
        for (int i = 0; i < total; i++) {
            int best = 0;
            double bestLag = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < want.length; p++) {
                double lag = want[p] * (i + 1.0) / total - given[p];
                if (given[p] < want[p] && lag > bestLag) {
                    best = p;
                    bestLag = lag;
                }
            }
            given[best]++;
            owner[i] = providers.get(best).name();
        }
        context.progress(String.format(
                "calibration: %d s of work at the caps for each provider at once (%d jobs)", seconds, total));
        // completion times on the worker's clock (AttemptSucceeded.completedAt): a Result's completedAt is the
        // finalizer's, and a finalizer catching up on a backlog would make the provider look faster than it is
        CostRun.Outcome[] outcomes;
        List<dev.roocode.bench.worker.Outcomes.Outcome> answers = new ArrayList<>();
        try (var workerOutcomes = new dev.roocode.bench.worker.Outcomes(cluster)) {
            outcomes = costRun.run(
                    total,
                    10_000,
                    Duration.ofSeconds(60),
                    context::progress,
                    (id, i, now) -> DeadlineJobs.explicit(id, MODEL, now, owner[i]));
            for (SimProvider provider : providers) {
                answers.addAll(workerOutcomes.of(provider.name()));
            }
        }
        Set<String> ids = new HashSet<>();
        for (CostRun.Outcome outcome : outcomes) {
            if (outcome.result() != null) {
                ids.add(outcome.result().getRequestId());
            }
        }
        List<SimProvider> calibrated = new ArrayList<>();
        for (SimProvider provider : providers) {
            long[] done = answers.stream()
                    .filter(a -> a.succeeded() && provider.name().equals(a.provider()) && ids.contains(a.requestId()))
                    .mapToLong(dev.roocode.bench.worker.Outcomes.Outcome::atMs)
                    .sorted()
                    .toArray();
            if (done.length < 20) {
                throw new IllegalStateException(
                        "calibration: provider " + provider.name() + " finished only " + done.length + " jobs");
            }
            // completions between the 10th and 90th percentile times, the later one's excluded: completions come in
            // waves (a full window answers together), and counting from one wave up to the next gives the true rate
            long t1 = done[done.length / 10];
            long t2 = done[done.length * 9 / 10];
            long between = Arrays.stream(done).filter(t -> t >= t1 && t < t2).count();
            double rate = between * 1000.0 / Math.max(1, t2 - t1);
            SimProvider declared = provider.calibrated(rate, tokensPerJob);
            context.report()
                    .note(String.format(
                            Locale.ROOT,
                            "calibration: provider %s drained %.1f jobs/s against caps of %.1f (%.0f%%)",
                            provider.name(),
                            rate,
                            provider.capJobsPerSecond(tokensPerJob),
                            100 * declared.measuredShare()));
            context.progress(String.format(
                    Locale.ROOT,
                    "calibration: %s %.1f jobs/s of %.1f",
                    provider.name(),
                    rate,
                    provider.capJobsPerSecond(tokensPerJob)));
            calibrated.add(declared);
        }
        return calibrated;
    }

    private static void reportCost(
            BenchContext context,
            List<SimProvider> providers,
            long tokensPerJob,
            CostRun.Outcome[] outcomes,
            int duplicates,
            long slotMs,
            long tightMs) {
        long start = outcomes[0].sentAtMs();
        int answered = 0;
        int succeeded = 0;
        int onTime = 0;
        int fellBack = 0;
        double cost = 0;
        double promptTokens = 0;
        double completionTokens = 0;
        int withUsage = 0;
        Map<String, Integer> byProvider = new LinkedHashMap<>();
        providers.forEach(p -> byProvider.put(p.name(), 0));
        List<OfflineOptimum.Job> offline = new ArrayList<>(outcomes.length);
        Map<String, Integer> breakdown = new TreeMap<>(); // deadline class, provider, outcome → jobs
        for (CostRun.Outcome outcome : outcomes) {
            String deadlineClass = outcome.deadlineMs() - outcome.sentAtMs() <= tightMs ? "tight" : "loose";
            offline.add(new OfflineOptimum.Job(outcome.sentAtMs() - start, outcome.deadlineMs() - start));
            Result r = outcome.result();
            if (r == null) {
                breakdown.merge(deadlineClass + " no Result", 1, Integer::sum);
                continue;
            }
            breakdown.merge(
                    deadlineClass + " "
                            + (r.getStatus() == ResultStatus.SUCCEEDED
                                    ? r.getProvider()
                                            + (r.getCompletedAt().toEpochMilli() <= outcome.deadlineMs()
                                                    ? " on time"
                                                    : " late")
                                    : r.getStatus() + " "
                                            + (r.getError() == null
                                                    ? ""
                                                    : r.getError().getErrorClass()) + " after "
                                            + r.getAttempts().stream()
                                                    .map(a -> a.getProvider())
                                                    .toList()),
                    1,
                    Integer::sum);
            answered++;
            cost += r.getCostUsd();
            fellBack += r.getAttempts().size() > 1 ? 1 : 0;
            if (r.getStatus() == ResultStatus.SUCCEEDED) {
                succeeded++;
                byProvider.merge(r.getProvider(), 1, Integer::sum);
                if (r.getCompletedAt().toEpochMilli() <= outcome.deadlineMs()) {
                    onTime++;
                }
                if (r.getOutput() != null && r.getOutput().getUsage() != null) {
                    promptTokens += r.getOutput().getUsage().getInputTokens();
                    completionTokens += r.getOutput().getUsage().getOutputTokens();
                    withUsage++;
                }
            }
        }
        double prompt = withUsage == 0 ? 0 : promptTokens / withUsage;
        double completion = withUsage == 0 ? 0 : completionTokens / withUsage;
        List<OfflineOptimum.Provider> capacities = providers.stream()
                .map(p -> new OfflineOptimum.Provider(
                        p.name(),
                        (long) Math.floor(p.jobsPerSecond(tokensPerJob) * slotMs / 1000.0),
                        p.latencyMs(),
                        p.usdPerJob(prompt, completion)))
                .toList();
        int n = outcomes.length;
        long t0 = System.nanoTime();
        OfflineOptimum.Solution optimum = OfflineOptimum.solve(offline, capacities, slotMs);
        double solveSeconds = (System.nanoTime() - t0) / 1e9;
        // the same at the simulator's caps: what the providers would serve with no per-call overhead at all
        OfflineOptimum.Solution atCaps = OfflineOptimum.solve(
                offline,
                providers.stream()
                        .map(p -> new OfflineOptimum.Provider(
                                p.name(),
                                (long) Math.floor(p.capJobsPerSecond(tokensPerJob) * slotMs / 1000.0),
                                p.latencyMs(),
                                p.usdPerJob(prompt, completion)))
                        .toList(),
                slotMs);
        // a job that failed cost nothing: count it at the cheapest price, so failing jobs never looks like saving money
        double cheapest = capacities.stream()
                .mapToDouble(OfflineOptimum.Provider::usdPerJob)
                .min()
                .orElse(0);
        double charged = cost + (n - succeeded) * cheapest;
        context.report()
                .figure(Figure.atMost(
                        "total cost (jobs not succeeded counted at the cheapest price)",
                        "USD",
                        charged,
                        "offline optimum",
                        optimum.costUsd(),
                        1.03));
        context.report()
                .figure(Figure.of(
                        "total cost as billed (Result.costUsd)", "USD", cost, "offline optimum", optimum.costUsd()));
        context.report()
                .figure(Figure.of(
                        "total cost (as above) against the optimum at the simulator's caps",
                        "USD",
                        charged,
                        "offline optimum at the caps",
                        atCaps.costUsd()));
        context.report()
                .figure(Figure.atLeast(
                        "share of jobs finished by their deadline",
                        "%",
                        100.0 * onTime / n,
                        "offline optimum",
                        100.0 * (n - optimum.late()) / n,
                        0.99));
        Map<String, Object> routed = new LinkedHashMap<>();
        routed.put("assignment", "router");
        byProvider.forEach(routed::put);
        routed.put("cost USD", cost);
        routed.put("on time", onTime);
        routed.put("late or lost", n - onTime);
        context.report().row(routed);
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("assignment", "offline optimum");
        optimum.jobsByProvider().forEach((k, v) -> best.put(k, v));
        best.put("cost USD", optimum.costUsd());
        best.put("on time", n - optimum.late());
        best.put("late or lost", optimum.late());
        context.report().row(best);
        context.report()
                .note(String.format(
                        Locale.ROOT,
                        "cost phase: %d jobs sent, %d answered, %d SUCCEEDED, %d duplicate Results, "
                                + "%d fell back to another provider; mean usage %.1f prompt + %.1f completion tokens (router estimate %d per job)",
                        n,
                        answered,
                        succeeded,
                        duplicates,
                        fellBack,
                        prompt,
                        completion,
                        tokensPerJob));
        context.report().note("jobs by deadline class, provider and outcome: " + breakdown);
        context.report()
                .note(String.format(
                        Locale.ROOT,
                        "offline optimum: %d s slots, capacity per slot %s, solved in %.1f s",
                        slotMs / 1000,
                        capacities.stream()
                                .map(c -> c.name() + " " + c.jobsPerSlot())
                                .toList(),
                        solveSeconds));
        context.progress(String.format(
                Locale.ROOT,
                "cost %.4f USD vs optimum %.4f USD; on time %.2f%%; by provider %s vs %s",
                cost,
                optimum.costUsd(),
                100.0 * onTime / n,
                byProvider,
                optimum.jobsByProvider()));
    }
}
