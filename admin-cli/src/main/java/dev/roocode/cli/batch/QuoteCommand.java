package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliException;
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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode quote jobs.jsonl",
            "  roocode quote jobs.jsonl --profile prod --max-attempts 2",
            "  roocode quote jobs.jsonl --providers examples/providers/openai.yaml",
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

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BatchFileArgs.checkInput(input);
        Instant now = Instant.now();
        List<Job> jobs = new ArrayList<>();
        long invalid = 0;
        for (DecodedLine line : BatchFileReader.read(input, "quote", now)) {
            if (line instanceof DecodedLine.Valid valid) {
                jobs.add(valid.job());
            } else {
                invalid++;
            }
        }
        if (providersFile != null) {
            return print(out, fromFile(providersFile).plan(jobs, now), jobs.size(), invalid, now);
        }
        try (Connection cluster = connection.connect()) {
            QuotePlanner planner = new QuotePlanner(
                    new ArrayList<>(ProviderStore.all(cluster).values()),
                    cluster.readLatest(cluster.topics().providerState()),
                    PolicyLookup.of(
                            cluster.readLatest(cluster.topics().routes()).values()),
                    maxAttempts);
            return print(out, planner.plan(jobs, now), jobs.size(), invalid, now);
        }
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
        return new QuotePlanner(active, Map.of(), PolicyLookup.of(contents.routes()), maxAttempts);
    }

    private int print(PrintWriter out, Quote quote, int jobCount, long invalid, Instant now) {
        out.printf(
                "Quote for %s: %d jobs%s%n",
                input, jobCount, invalid == 0 ? "" : " (" + invalid + " invalid lines not counted)");
        Map<String, Double> cost = new TreeMap<>();
        for (Quote.Line line : quote.lines()) {
            if (line.decision() instanceof RouteDecision.Assigned a) {
                cost.merge(a.provider(), a.estimatedCostUsd(), Double::sum);
            }
        }
        if (!quote.jobsByProvider().isEmpty()) {
            out.printf("  %-24s %8s %14s%n", "PROVIDER", "JOBS", "EST. COST USD");
            quote.jobsByProvider()
                    .forEach((provider, count) ->
                            out.printf(Locale.ROOT, "  %-24s %8d %14.6f%n", provider, count, cost.get(provider)));
        }
        out.printf(Locale.ROOT, "Estimated cost: $%.6f%n", quote.totalEstimatedCostUsd());
        quote.lastFinish()
                .ifPresent(finish -> out.printf(
                        "Estimated finish: in %s (%s)%n",
                        ProgressPrinter.duration(
                                Math.max(0, Duration.between(now, finish).toMillis() / 1000.0)),
                        finish));
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
