package dev.roocode.bench.worker;

import dev.roocode.bench.BenchContext;
import dev.roocode.bench.Scenario;
import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.bench.cluster.SimulatorStats;
import dev.roocode.bench.report.Figure;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Quota (issue #6): a provider limited to {@code rpm} requests and {@code tpm} tokens per minute, which the
 * simulator enforces as hard caps (fixed one-minute windows opening with the first call; 429 beyond), and
 * the same limits declared in the provider's config so the worker paces by them. A backlog of chat jobs with
 * mixed prompt sizes and {@code max_tokens} is served for {@code minutes} whole windows by 1, then by 2
 * connectors processes (separate JVMs in one consumer group, each pacing by its share of the partitions).
 *
 * <p>Reported per process count: the share of the binding limit used (tokens as the simulator charges them,
 * characters / 4 of the prompt plus {@code max_tokens}, and requests, over answers that arrived within the
 * measured windows) and the share of calls answered 429 (the HTTP calls the workers report per attempt
 * beyond the successful one, all 429s here since the model has no other faults; cross-checked against the
 * simulator's call counter).
 */
public final class QuotaScenario implements Scenario {
    private static final int[] PROMPT_CHARS = {40, 400, 1600, 4000};
    private static final int[] MAX_TOKENS = {16, 64, 256};

    @Override
    public String name() {
        return "quota";
    }

    @Override
    public String description() {
        return "worker pacing under RPM/TPM limits (3000 RPM, 200000 TPM), 1 and 2 connectors processes: share of the limit used, 429s";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var o = context.options();
        long rpm = o.integer("rpm", 3000);
        long tpm = o.integer("tpm", 200_000);
        int minutes = o.integer("minutes", 2);
        int window = o.integer("window", 64);
        int partitions = o.integer("dispatch-partitions", 12);
        int[] processCounts = Arrays.stream(o.string("processes", "1,2").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        // a backlog of three times what the limits let through, so the workers never run dry
        double meanTokens = Arrays.stream(PROMPT_CHARS).average().orElseThrow() / 4
                + Arrays.stream(MAX_TOKENS).average().orElseThrow();
        int jobs = o.integer("jobs", (int) Math.ceil(3 * minutes * Math.min(rpm, tpm / meanTokens)));
        String model = "sim-rpm-" + rpm + "-tpm-" + tpm;

        try (Cluster cluster = context.startCluster();
                WorkerRig rig = new WorkerRig(cluster);
                Outcomes outcomes = new Outcomes(cluster)) {
            SimulatorStats stats = cluster.simulatorStats();
            ProviderConfig previous = null;
            for (int processes : processCounts) {
                ProviderConfig provider = rig.provider("quota-" + processes + "proc", window, rpm, tpm, null);
                if (previous != null) {
                    rig.retire(previous);
                }
                rig.register(provider, partitions);
                previous = provider;
                stats.reset(); // also empties the simulator's rate-limit windows
                List<JvmProcess> started = new ArrayList<>();
                for (int i = 0; i < processes; i++) {
                    started.add(rig.startConnectors());
                }
                rig.awaitAssigned(provider.getName(), started, 180_000);
                context.progress(String.format(
                        "%s: %d processes hold the partitions; %d jobs of %s for %d min",
                        provider.getName(), processes, jobs, model, minutes));
                Map<String, Long> charged = produce(rig, provider.getName(), model, jobs);
                phase(context, rig, provider.getName(), processes, rpm, tpm, minutes, outcomes, charged, stats);
            }
        }
    }

    /** The backlog; returns what the simulator charges each job against the TPM. */
    private static Map<String, Long> produce(WorkerRig rig, String provider, String model, int jobs) {
        Random random = new Random(42);
        Map<String, Long> charged = new HashMap<>();
        for (int i = 0; i < jobs; i++) {
            String id = provider + "-" + i;
            String text = words(random, PROMPT_CHARS[random.nextInt(PROMPT_CHARS.length)]);
            int max = MAX_TOKENS[random.nextInt(MAX_TOKENS.length)];
            charged.put(id, Math.max(1, text.length() / 4) + (long) max);
            rig.send(provider, id, model, text, max);
        }
        rig.flush();
        return charged;
    }

    private static void phase(
            BenchContext context,
            WorkerRig rig,
            String provider,
            int processes,
            long rpm,
            long tpm,
            int minutes,
            Outcomes outcomes,
            Map<String, Long> charged,
            SimulatorStats stats)
            throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (outcomes.of(provider).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        List<Outcomes.Outcome> first = outcomes.of(provider);
        if (first.isEmpty()) {
            throw new IllegalStateException(provider + ": no outcome within 2 minutes");
        }
        // The simulator's first window opened when the first call arrived: after the worker took the first job, and
        // before its answer, which can be 100 ms later on a cold connection. With a backlog the pacer spends each
        // minute's budget in a burst as the window frees, so counting from the first answer would take in the start
        // of the next burst. Counting from the first job taken ends the measured windows no later than the simulator's:
        // what the next window accepts (answered at or after the simulator's boundary) stays out.
        long start = first.stream().mapToLong(Outcomes.Outcome::takenAtMs).min().orElseThrow();
        long end = start + minutes * 60_000L;
        while (System.currentTimeMillis() < end + 5_000) {
            Thread.sleep(500);
        }
        // the first jobs' answers may have come after the first outcome read: take the earliest of all
        start = outcomes.of(provider).stream()
                .mapToLong(Outcomes.Outcome::takenAtMs)
                .min()
                .orElseThrow();
        end = start + minutes * 60_000L;
        long from = start;
        long to = end;
        Tally tally = tally(outcomes.of(provider), from, to, charged);
        long answered = tally.answered();
        long tokens = tally.tokens();
        long refused = tally.refused();
        long calls = tally.calls();
        long fallback = tally.givenUp();
        double tokenShare = tokens / (double) (tpm * minutes);
        double requestShare = answered / (double) (rpm * minutes);
        boolean tokensBind = tokenShare >= requestShare;
        String label = processes + (processes == 1 ? " process" : " processes");
        context.report()
                .figure(Figure.atLeast(
                        String.format(
                                Locale.ROOT,
                                "%s per minute, %s (binding limit)",
                                tokensBind ? "tokens" : "requests",
                                label),
                        tokensBind ? "tokens/min" : "requests/min",
                        (tokensBind ? tokens : answered) / (double) minutes,
                        tokensBind ? "TPM" : "RPM",
                        tokensBind ? tpm : rpm,
                        0.95));
        context.report()
                .figure(Figure.of(
                        String.format(Locale.ROOT, "%s per minute, %s", tokensBind ? "requests" : "tokens", label),
                        tokensBind ? "requests/min" : "tokens/min",
                        (tokensBind ? answered : tokens) / (double) minutes,
                        tokensBind ? "RPM" : "TPM",
                        tokensBind ? rpm : tpm));
        double refusedPercent = calls == 0 ? 0 : 100.0 * refused / calls;
        context.report().figure(Figure.atMost("calls answered 429, " + label, "%", refusedPercent, "bound", 1.0, 1.0));
        // cross-check of the call count: with the workers stopped, every call the simulator saw should be in an outcome
        rig.stopConnectors();
        Thread.sleep(2_000);
        SimulatorStats.Counts counts = stats.read();
        long reportedCalls = outcomes.of(provider).stream()
                .mapToLong(Outcomes.Outcome::calls)
                .sum();
        context.report()
                .note(String.format(
                        Locale.ROOT,
                        "%s (%s): over %d min from the first job taken, %d jobs answered, %d tokens "
                                + "(%.1f%% of TPM), %.1f%% of RPM; %d calls of which %d answered 429; %d attempts given up (fallback). With the "
                                + "workers stopped: the simulator counted %d calls in the phase, the outcomes report %d",
                        provider,
                        label,
                        minutes,
                        answered,
                        tokens,
                        tokenShare * 100,
                        requestShare * 100,
                        calls,
                        refused,
                        fallback,
                        counts.totalCalls(),
                        reportedCalls));
        context.progress(String.format(
                Locale.ROOT,
                "%s: tokens %.1f%% of TPM, requests %.1f%% of RPM, 429s %.2f%% of %d calls",
                provider,
                tokenShare * 100,
                requestShare * 100,
                refusedPercent,
                calls));
    }

    private static String words(Random random, int chars) {
        String[] words = {
            "kafka", "token", "budget", "provider", "window", "latency", "partition", "worker", "model", "retry"
        };
        StringBuilder text = new StringBuilder(chars + 10);
        while (text.length() < chars) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        return text.substring(0, chars);
    }

    /**
     * What the outcomes of {@code [fromMs, toMs)} add up to.
     *
     * @param answered jobs answered
     * @param tokens   what the simulator charged for them
     * @param calls    HTTP calls, the successful ones and the refused ones
     * @param refused  calls answered 429: those before an attempt's successful call, and every call of an attempt given up
     * @param givenUp  attempts given up (fallback records)
     */
    record Tally(long answered, long tokens, long calls, long refused, long givenUp) {}

    /** The tally of the outcomes that arrived in {@code [fromMs, toMs)}; the model has no fault but 429, so every failed call is one. */
    static Tally tally(List<Outcomes.Outcome> outcomes, long fromMs, long toMs, Map<String, Long> charged) {
        long answered = 0;
        long tokens = 0;
        long calls = 0;
        long refused = 0;
        long givenUp = 0;
        for (Outcomes.Outcome x : outcomes) {
            if (x.atMs() < fromMs || x.atMs() >= toMs) {
                continue;
            }
            calls += x.calls();
            if (x.succeeded()) {
                answered++;
                tokens += charged.getOrDefault(x.requestId(), 0L);
                refused += x.calls() - 1;
            } else {
                givenUp++;
                refused += x.calls();
            }
        }
        return new Tally(answered, tokens, calls, refused, givenUp);
    }
}
