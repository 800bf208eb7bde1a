package dev.roocode.cli.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.provider.ProviderFile;
import dev.roocode.cli.provider.ProviderStore;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.RoutePolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            Map<String, ProviderConfig> providers = ProviderStore.all(cluster);
            Map<String, RoutePolicy> existing = RouteStore.all(cluster);
            for (RoutePolicy route : routes) {
                List<String> named = new ArrayList<>(route.getFallbacks());
                route.getCandidates().forEach(c -> named.add(c.getProvider()));
                for (String provider : named) {
                    if (!providers.containsKey(provider)) {
                        throw CliException.usage("route " + route.getModel() + ": no provider '" + provider + "'"
                                + (providers.isEmpty()
                                        ? "; add providers first"
                                        : "; known providers: " + String.join(", ", providers.keySet())));
                    }
                }
            }
            for (RoutePolicy route : routes) {
                RoutePolicy before = existing.get(route.getModel());
                route.setVersion(before == null ? 1 : before.getVersion() + 1);
                cluster.write(cluster.topics().routes(), route.getModel(), route);
                out.printf(
                        "Set route %s: %s over %s (version %d)%n",
                        route.getModel(), route.getStrategy(), RouteStore.candidates(route), route.getVersion());
            }
            out.flush();
            return 0;
        }
    }

    private RoutePolicy fromFlags() {
        ObjectNode node = OutputOptions.json().createObjectNode();
        node.put("model", model);
        if (strategy != null) {
            node.put("strategy", strategy);
        }
        ArrayNode list = node.putArray("candidates");
        for (int i = 0; i < candidates.size(); i++) {
            String[] parts = candidates.get(i).split(":");
            if (parts.length > 3 || parts[0].isBlank()) {
                throw CliException.usage("--candidate " + candidates.get(i) + ": use PROVIDER[:PRIORITY[:WEIGHT]]");
            }
            ObjectNode c = list.addObject()
                    .put("provider", parts[0].trim())
                    .put("priority", parts.length > 1 ? parts[1] : Integer.toString(i));
            if (parts.length > 2) {
                c.put("weight", parts[2]);
            }
        }
        ArrayNode f = node.putArray("fallbacks");
        fallbacks.forEach(f::add);
        ArrayNode a = node.putArray("aliases");
        aliases.forEach(a::add);
        if (maxAttempts != null) {
            node.put("maxAttempts", maxAttempts);
        }
        if (perJob != null || perBatch != null || perTenant != null) {
            ObjectNode budget = node.putObject("budget");
            if (perJob != null) {
                budget.put("perJob", perJob);
            }
            if (perBatch != null) {
                budget.put("perBatch", perBatch);
            }
            if (perTenant != null) {
                budget.put("perTenant", perTenant);
            }
        }
        node.put("fallbackOnRequestErrors", onRequestErrors);
        return ProviderFile.parse(
                        "command line",
                        OutputOptions.json()
                                .createObjectNode()
                                .set(
                                        "routes",
                                        OutputOptions.json().createArrayNode().add(node)))
                .routes()
                .get(0);
    }
}
