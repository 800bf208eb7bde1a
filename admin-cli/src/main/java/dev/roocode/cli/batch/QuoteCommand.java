package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.run.BatchFileArgs;
import dev.roocode.cli.provider.ProviderStore;
import dev.roocode.cli.run.ProgressPrinter;
import dev.roocode.processor.router.PolicyLookup;
import dev.roocode.processor.router.Quote;
import dev.roocode.processor.router.QuotePlanner;
import dev.roocode.processor.router.RouteDecision;
import dev.roocode.schemas.avro.Job;
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
@Command(name = "quote", mixinStandardHelpOptions = true,
        description = {"Plan a batch file without submitting it: the providers its jobs would go to, the estimated cost and the",
            "estimated finish, with the processor's own routing (policies, filters, strategies, budget caps) over the cluster's",
            "providers, routes and current provider load. Estimates count prompt tokens and max_tokens; real usage decides the bill.", ""},
        footer = {"", "Examples:", "  roocode quote jobs.jsonl", "  roocode quote jobs.jsonl --profile prod --max-attempts 2",
            "", "Exit codes: 0 every job has a route, 1 some would be rejected (listed), 2 usage error."})
public final class QuoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Batch input file: one {custom_id, method, url, body} per line.")
    Path input;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3", description = "Attempts when no route applies (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

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
        try (Connection cluster = connection.connect()) {
            QuotePlanner planner = new QuotePlanner(new ArrayList<>(ProviderStore.all(cluster).values()),
                    cluster.readLatest(cluster.topics().providerState()),
                    PolicyLookup.of(cluster.readLatest(cluster.topics().routes()).values()), maxAttempts);
            Quote quote = planner.plan(jobs, now);
            out.printf("Quote for %s: %d jobs%s%n", input, jobs.size(), invalid == 0 ? "" : " (" + invalid + " invalid lines not counted)");
            Map<String, Double> cost = new TreeMap<>();
            for (Quote.Line line : quote.lines()) {
                if (line.decision() instanceof RouteDecision.Assigned a) {
                    cost.merge(a.provider(), a.estimatedCostUsd(), Double::sum);
                }
            }
            if (!quote.jobsByProvider().isEmpty()) {
                out.printf("  %-24s %8s %14s%n", "PROVIDER", "JOBS", "EST. COST USD");
                quote.jobsByProvider().forEach((provider, count) ->
                        out.printf(Locale.ROOT, "  %-24s %8d %14.6f%n", provider, count, cost.get(provider)));
            }
            out.printf(Locale.ROOT, "Estimated cost: $%.6f%n", quote.totalEstimatedCostUsd());
            quote.lastFinish().ifPresent(finish -> out.printf("Estimated finish: in %s (%s)%n",
                    ProgressPrinter.duration(Math.max(0, Duration.between(now, finish).toMillis() / 1000.0)), finish));
            List<Quote.Line> rejected = quote.rejected();
            if (!rejected.isEmpty()) {
                out.println("Rejected: " + rejected.size() + " job(s)");
                rejected.stream().limit(5).forEach(l -> {
                    RouteDecision.Rejected r = (RouteDecision.Rejected) l.decision();
                    out.println("  " + l.requestId().substring("quote/".length()) + ": " + r.errorClass() + " " + r.reason());
                });
            }
            out.flush();
            if (!rejected.isEmpty()) {
                throw CliException.failure(rejected.size() + " job(s) would be rejected; add or activate providers offering their models, or check routes and budgets");
            }
            return 0;
        }
    }
}
