package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.provider.ProviderFile;
import dev.roocode.cli.provider.ProviderStore;
import dev.roocode.cli.run.BatchFileArgs;
import dev.roocode.cli.run.ProgressPrinter;
import dev.roocode.processor.router.PolicyLookup;
import dev.roocode.processor.router.Quote;
import dev.roocode.processor.router.QuotePlanner;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.batch.BatchFileReader;
import dev.roocode.schemas.batch.DecodedLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode quote FILE.jsonl}: where a file's jobs would go, what they would cost and when they would finish. */
@Command(
        name = "quote",
        mixinStandardHelpOptions = true,
        description = {
            "Plan a batch file without submitting it: the providers its jobs would go to, the estimated cost and the",
            "estimated finish, with the processor's own routing (policies, filters, strategies, budget caps) over the cluster's",
            "providers, routes and current provider load. Estimates count prompt tokens and max_tokens; real usage decides the bill.",
            "With --providers FILE.yaml (docs/providers-file.md) it plans over that file's providers (as 'run --providers' runs",
            "them: all active and idle, no built-in simulator) and routes instead, and contacts no cluster.",
            "When a provider has a batch API (batch: in its file), the realtime plan and the plan with batch are shown side by",
            "side: COST sends a job to <provider>:batch, at the batch discount, when its deadline (--deadline) leaves the",
            "batch turnaround plus --batch-margin.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode quote jobs.jsonl",
            "  roocode quote jobs.jsonl --profile prod --max-attempts 2",
            "  roocode quote jobs.jsonl --providers examples/providers/openai.yaml",
            "  roocode quote jobs.jsonl --providers examples/providers/openai.yaml --deadline 26h",
            "",
            "Exit codes: 0 every job has a route, 1 some would be rejected (listed), 2 usage error."
        })
public final class QuoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "FILE.jsonl",
            description = "Batch input file: one {custom_id, method, url, body} per line.")
    Path input;

    @Option(
            names = "--max-attempts",
            paramLabel = "N",
            defaultValue = "3",
            description = "Attempts when no route applies (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(
            names = "--providers",
            paramLabel = "FILE.yaml",
            description =
                    "Plan over these providers and routes (docs/providers-file.md) instead of the cluster's; no cluster is contacted.")
    Path providersFile;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Deadline of every job from now, e.g. 26h (default: none); one far enough lets jobs go through"
                            + " providers' batch APIs.")
    Duration deadline;

    @Option(
            names = "--batch-margin",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30m",
            description = "Time a batch job's deadline must leave after the batch turnaround, as the processor's"
                    + " route.batch.margin.ms (default: ${DEFAULT-VALUE}).")
    Duration batchMargin;

    @Mixin
    ConnectionOptions connection;

    /** How the file is named in the output: its path (the console names the uploaded file instead). */
    private String label;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BatchFileArgs.checkInput(input);
        if (providersFile != null) {
            return quote(out, null);
        }
        try (Connection cluster = connection.connect()) {
            return quote(out, cluster);
        }
    }

    /**
     * {@code roocode quote FILE --deadline DEADLINE} over {@code cluster}, for the web console's quote panel: the same
     * plan and the same text, into {@code out}. A CliException when jobs would be rejected, as the command exits 1.
     *
     * @param label    how the file is named in the text (the uploaded file's name)
     * @param deadline every job's deadline from now, or null
     */
    public static int quote(PrintWriter out, Connection cluster, Path input, String label, Duration deadline)
            throws IOException {
        QuoteCommand command = new QuoteCommand();
        command.input = input;
        command.label = label;
        command.deadline = deadline;
        command.maxAttempts = 3;
        command.batchMargin = Duration.ofMinutes(30);
        return command.quote(out, cluster);
    }

    /** Plans the file over {@code providersFile} when given, else over {@code cluster}. */
    private int quote(PrintWriter out, Connection cluster) throws IOException {
        Instant now = Instant.now();
        List<Job> jobs = new ArrayList<>();
        long invalid = 0;
        for (DecodedLine line : BatchFileReader.read(input, "quote", now)) {
            if (line instanceof DecodedLine.Valid valid) {
                Job job = valid.job();
                if (deadline != null && job.getRouting().getDeadline() == null) {
                    job.getRouting().setDeadline(now.plus(deadline));
                }
                jobs.add(job);
            } else {
                invalid++;
            }
        }
        if (providersFile != null) {
            return print(out, fromFile(providersFile), jobs, invalid, now);
        }
        QuotePlanner planner = new QuotePlanner(
                new ArrayList<>(ProviderStore.all(cluster).values()),
                cluster.readLatest(cluster.topics().providerState()),
                PolicyLookup.of(cluster.readLatest(cluster.topics().routes()).values()),
                maxAttempts,
                batchMargin);
        return print(out, planner, jobs, invalid, now);
    }

    /**
     * A planner over a providers file, as {@code run --providers} runs it: every provider ACTIVE (the
     * file's status is for {@code providers apply}), none loaded yet, the file's routes, no simulator.
     * Keys are not needed to price a file, so none is checked.
     */
    private QuotePlanner fromFile(Path file) {
        ProviderFile.Contents contents = ProviderFile.read(file);
        if (contents.providers().isEmpty()) {
            throw CliException.usage(file + ": no providers; see docs/providers-file.md");
        }
        List<ProviderConfig> active = contents.providers().stream()
                .map(p -> ProviderConfig.newBuilder(p)
                        .setStatus(ProviderStatus.ACTIVE)
                        .build())
                .toList();
        return new QuotePlanner(active, Map.of(), PolicyLookup.of(contents.routes()), maxAttempts, batchMargin);
    }

    private int print(PrintWriter out, QuotePlanner planner, List<Job> jobs, long invalid, Instant now) {
        out.printf(
                "Quote for %s: %d jobs%s%n",
                label == null ? input : label,
                jobs.size(),
                invalid == 0 ? "" : " (" + invalid + " invalid lines not counted)");
        Quote quote = planner.plan(jobs, now);
        if (planner.offersBatch()) {
            printSideBySide(out, planner.planRealtime(jobs, now), quote, jobs, now);
        } else {
            printPlan(out, quote, now);
        }
        return finish(out, quote);
    }

    private static void printPlan(PrintWriter out, Quote quote, Instant now) {
        Map<String, Double> cost = costByProvider(quote);
        if (!quote.jobsByProvider().isEmpty()) {
            out.printf("  %-24s %8s %14s%n", "PROVIDER", "JOBS", "EST. COST USD");
            quote.jobsByProvider()
                    .forEach((provider, count) ->
                            out.printf(Locale.ROOT, "  %-24s %8d %14.6f%n", provider, count, cost.get(provider)));
        }
        out.printf(Locale.ROOT, "Estimated cost: $%.6f%n", quote.totalEstimatedCostUsd());
        quote.lastFinish().ifPresent(finish -> out.printf("Estimated finish: %s%n", finishText(finish, now)));
    }

    /** The all-realtime plan and the plan with batch candidates, per provider in two column pairs, then totals. */
    private void printSideBySide(PrintWriter out, Quote realtime, Quote batch, List<Job> jobs, Instant now) {
        Map<String, Double> realtimeCost = costByProvider(realtime);
        Map<String, Double> batchCost = costByProvider(batch);
        Map<String, Long> realtimeJobs = realtime.jobsByProvider();
        Map<String, Long> batchJobs = batch.jobsByProvider();
        Set<String> providers = new TreeSet<>(realtimeJobs.keySet());
        providers.addAll(batchJobs.keySet());
        if (!providers.isEmpty()) {
            out.printf(
                    "  %-24s %13s %14s   %13s %14s%n",
                    "PROVIDER", "REALTIME JOBS", "EST. COST USD", "BATCH JOBS", "EST. COST USD");
            for (String provider : providers) {
                out.printf(
                        Locale.ROOT,
                        "  %-24s %13d %14.6f   %13d %14.6f%n",
                        provider,
                        realtimeJobs.getOrDefault(provider, 0L),
                        realtimeCost.getOrDefault(provider, 0d),
                        batchJobs.getOrDefault(provider, 0L),
                        batchCost.getOrDefault(provider, 0d));
            }
        }
        double realtimeUsd = realtime.totalEstimatedCostUsd();
        double batchUsd = batch.totalEstimatedCostUsd();
        out.printf(
                Locale.ROOT,
                "Estimated cost: $%.6f with batch, $%.6f realtime only%s%n",
                batchUsd,
                realtimeUsd,
                realtimeUsd > 0
                        ? String.format(Locale.ROOT, " (%.1f%% less)", 100 * (1 - batchUsd / realtimeUsd))
                        : "");
        long withoutDeadline =
                jobs.stream().filter(j -> j.getRouting().getDeadline() == null).count();
        out.printf(
                "Batch: %d of %d jobs, whose deadlines leave the batch turnaround + %s margin%s%n",
                batch.batchJobs(),
                jobs.size(),
                DurationConverter.format(batchMargin),
                withoutDeadline == 0
                        ? ""
                        : "; " + withoutDeadline + " have no deadline and stay realtime (--deadline sets one)");
        batch.lastFinish()
                .ifPresent(finish -> out.printf(
                        "Estimated finish: %s with batch, %s realtime only%n",
                        finishText(finish, now),
                        realtime.lastFinish().map(f -> finishText(f, now)).orElse("-")));
    }

    private static Map<String, Double> costByProvider(Quote quote) {
        Map<String, Double> cost = new TreeMap<>();
        for (Quote.Line line : quote.lines()) {
            if (line.decision() instanceof RouteDecision.Assigned a) {
                cost.merge(a.provider(), a.estimatedCostUsd(), Double::sum);
            }
        }
        return cost;
    }

    private static String finishText(Instant finish, Instant now) {
        return "in "
                + ProgressPrinter.duration(
                        Math.max(0, Duration.between(now, finish).toMillis() / 1000.0)) + " ("
                + finish + ")";
    }

    private static int finish(PrintWriter out, Quote quote) {
        List<Quote.Line> rejected = quote.rejected();
        if (!rejected.isEmpty()) {
            out.println("Rejected: " + rejected.size() + " job(s)");
            rejected.stream().limit(5).forEach(l -> {
                RouteDecision.Rejected r = (RouteDecision.Rejected) l.decision();
                out.println(
                        "  " + l.requestId().substring("quote/".length()) + ": " + r.errorClass() + " " + r.reason());
            });
        }
        out.flush();
        if (!rejected.isEmpty()) {
            throw CliException.failure(
                    rejected.size()
                            + " job(s) would be rejected; add or activate providers offering their models, or check routes and budgets");
        }
        return 0;
    }
}
