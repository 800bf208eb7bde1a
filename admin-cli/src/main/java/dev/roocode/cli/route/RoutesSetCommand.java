package dev.roocode.cli.route;

import dev.roocode.api.admin.RouteAdmin.RouteForm;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.provider.ProviderFile;
import dev.roocode.schemas.avro.RoutePolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode routes set MODEL}: creates or replaces a route policy. */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Create or replace the route policy of a logical model, from flags or from the routes: list of a",
            "providers file. Every provider named must exist.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode routes set chat-default --strategy priority --candidate openai-main --candidate claude --max-attempts 2",
            "  roocode routes set gpt-4o-mini --strategy weighted --candidate openai-main:0:80 --candidate azure-eu:0:20",
            "  roocode routes set cheap --candidate local --fallback openai-main --max-cost-per-job 0.002 --alias small",
            "  roocode routes set -f providers.yaml",
            "",
            "Exit codes: 0 saved, 1 cluster failure, 2 invalid input or unknown provider."
        })
public final class RoutesSetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MODEL",
            description = "Logical model name (* for the default route).")
    String model;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE.yaml",
            description = "Set every route of the file's routes: list.")
    Path file;

    @Option(
            names = "--strategy",
            paramLabel = "STRATEGY",
            description = "cost (default), priority, weighted, latency or explicit.")
    String strategy;

    @Option(
            names = "--candidate",
            paramLabel = "PROVIDER[:PRIORITY[:WEIGHT]]",
            description = "An allowed provider (repeatable); none allows every provider offering the model.")
    List<String> candidates = new ArrayList<>();

    @Option(names = "--fallback", paramLabel = "PROVIDER", description = "Fallback chain, in order (repeatable).")
    List<String> fallbacks = new ArrayList<>();

    @Option(names = "--max-attempts", paramLabel = "N", description = "Providers tried at most per job (default 3).")
    Integer maxAttempts;

    @Option(
            names = "--alias",
            paramLabel = "NAME",
            description = "Another model name resolving to this route (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--max-cost-per-job", paramLabel = "USD", description = "Budget cap per job.")
    Double perJob;

    @Option(names = "--max-cost-per-batch", paramLabel = "USD", description = "Budget cap per batch.")
    Double perBatch;

    @Option(names = "--max-cost-per-tenant", paramLabel = "USD", description = "Budget cap per tenant.")
    Double perTenant;

    @Option(
            names = "--fallback-on-request-errors",
            description =
                    "Let failures the provider says no other provider can fix (BAD_REQUEST, CONTENT_POLICY, INVALID_JOB) try other providers anyway.")
    boolean onRequestErrors;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RoutePolicy> routes = new ArrayList<>();
        if (file != null) {
            routes.addAll(ProviderFile.read(file).routes());
            if (routes.isEmpty()) {
                throw CliException.usage(file + ": no routes: list; see docs/providers-file.md");
            }
        } else {
            if (model == null) {
                throw CliException.usage("give the MODEL whose route to set, or -f FILE.yaml");
            }
            routes.add(fromFlags());
        }
        try (Connection cluster = connection.connect()) {
            RouteOperations.set(cluster, routes).forEach(out::println);
            out.flush();
            return 0;
        }
    }

    private RoutePolicy fromFlags() {
        return RouteOperations.fromFlags(new RouteForm(
                model,
                strategy,
                candidates,
                fallbacks,
                aliases,
                maxAttempts == null ? null : maxAttempts.toString(),
                perJob == null ? null : perJob.toString(),
                perBatch == null ? null : perBatch.toString(),
                perTenant == null ? null : perTenant.toString(),
                onRequestErrors));
    }
}
