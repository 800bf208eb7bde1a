package dev.roocode.cli.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.admin.RouteAdmin.RouteForm;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.provider.ProviderFile;
import dev.roocode.cli.provider.ProviderStore;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.RoutePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code roocode routes set} does, for the command and the web console alike: a route from the command's flags,
 * checked by the providers file's validator, then checked against the providers that exist and written with the next
 * version. Errors are {@link CliException}s with the command's one-line message.
 */
public final class RouteOperations {
    private RouteOperations() {}

    /**
     * The route of {@code routes set MODEL}'s flags (or the console's edit form, in the same words), validated as a
     * {@code routes:} entry of a providers file. A null field is a flag not given; the validator reads a blank one
     * the same way.
     */
    public static RoutePolicy fromFlags(RouteForm form) {
        List<String> candidates = form.candidates();
        String strategy = form.strategy();
        String maxAttempts = form.maxAttempts();
        String perJob = form.perJob();
        String perBatch = form.perBatch();
        String perTenant = form.perTenant();
        ObjectNode node = OutputOptions.json().createObjectNode();
        node.put("model", form.model());
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
        form.fallbacks().forEach(f::add);
        ArrayNode a = node.putArray("aliases");
        form.aliases().forEach(a::add);
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
        node.put("fallbackOnRequestErrors", form.fallbackOnRequestErrors());
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

    /**
     * Writes {@code routes}, each with the next version, after checking that every provider they name exists.
     *
     * @return one line per route: {@code Set route MODEL: STRATEGY over CANDIDATES (version N)}
     */
    public static List<String> set(Connection cluster, List<RoutePolicy> routes) {
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
        List<String> lines = new ArrayList<>();
        for (RoutePolicy route : routes) {
            RoutePolicy before = existing.get(route.getModel());
            route.setVersion(before == null ? 1 : before.getVersion() + 1);
            cluster.write(cluster.topics().routes(), route.getModel(), route);
            lines.add(String.format(
                    "Set route %s: %s over %s (version %d)",
                    route.getModel(), route.getStrategy(), RouteStore.candidates(route), route.getVersion()));
        }
        return lines;
    }

    /** Every route, by model. */
    public static Map<String, RoutePolicy> all(Connection cluster) {
        return RouteStore.all(cluster);
    }

    /** The route of {@code model}; a usage error naming the routes there are when it has none. */
    public static RoutePolicy get(Connection cluster, String model) {
        return RouteStore.get(cluster, model);
    }
}
