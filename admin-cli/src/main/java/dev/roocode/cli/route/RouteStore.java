package dev.roocode.cli.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads, writes and shows RoutePolicy records on the compacted routes topic (key = logical model). */
final class RouteStore {
    private RouteStore() {}

    static Map<String, RoutePolicy> all(Connection cluster) {
        return new TreeMap<>(cluster.readLatest(cluster.topics().routes()));
    }

    static RoutePolicy get(Connection cluster, String model) {
        Map<String, RoutePolicy> all = all(cluster);
        RoutePolicy route = all.get(model);
        if (route == null) {
            throw CliException.usage("no route for model '" + model + "'"
                    + (all.isEmpty()
                            ? "; add one with 'roocode routes set " + model + " ...'"
                            : "; routes: " + String.join(", ", all.keySet())));
        }
        return route;
    }

    static String candidates(RoutePolicy r) {
        StringBuilder text = new StringBuilder();
        for (RouteCandidate c : r.getCandidates()) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(c.getProvider())
                    .append(" (priority ")
                    .append(c.getPriority())
                    .append(", weight ")
                    .append(c.getWeight())
                    .append(')');
        }
        return text.length() == 0 ? "any provider offering the model" : text.toString();
    }

    static void details(PrintWriter out, RoutePolicy r) {
        out.printf("%-14s %s%n", "model", r.getModel());
        if (!r.getAliases().isEmpty()) {
            out.printf("%-14s %s%n", "aliases", String.join(", ", r.getAliases()));
        }
        out.printf("%-14s %s%n", "strategy", r.getStrategy());
        out.printf("%-14s %s%n", "candidates", candidates(r));
        if (!r.getFallbacks().isEmpty()) {
            out.printf("%-14s %s%n", "fallbacks", String.join(" -> ", r.getFallbacks()));
        }
        out.printf("%-14s %d%n", "max attempts", r.getMaxAttempts());
        if (r.getMaxCostUsdPerJob() != null
                || r.getMaxCostUsdPerBatch() != null
                || r.getMaxCostUsdPerTenant() != null) {
            out.printf(
                    "%-14s per job %s, per batch %s, per tenant %s%n",
                    "budget",
                    usd(r.getMaxCostUsdPerJob()),
                    usd(r.getMaxCostUsdPerBatch()),
                    usd(r.getMaxCostUsdPerTenant()));
        }
        out.printf(
                "%-14s %s%n",
                "request errors", r.getFallbackOnRequestErrors() ? "fall back to other providers" : "fail the job");
        out.printf("%-14s %d%n", "version", r.getVersion());
    }

    static ObjectNode toNode(RoutePolicy r) {
        ObjectNode node = OutputOptions.json().createObjectNode();
        node.put("model", r.getModel());
        if (!r.getAliases().isEmpty()) {
            ArrayNode aliases = node.putArray("aliases");
            r.getAliases().forEach(aliases::add);
        }
        node.put("strategy", r.getStrategy().toString().toLowerCase(Locale.ROOT));
        ArrayNode candidates = node.putArray("candidates");
        r.getCandidates()
                .forEach(c -> candidates
                        .addObject()
                        .put("provider", c.getProvider())
                        .put("priority", c.getPriority())
                        .put("weight", c.getWeight()));
        if (!r.getFallbacks().isEmpty()) {
            ArrayNode fallbacks = node.putArray("fallbacks");
            r.getFallbacks().forEach(fallbacks::add);
        }
        node.put("maxAttempts", r.getMaxAttempts());
        if (r.getMaxCostUsdPerJob() != null
                || r.getMaxCostUsdPerBatch() != null
                || r.getMaxCostUsdPerTenant() != null) {
            ObjectNode budget = node.putObject("budget");
            if (r.getMaxCostUsdPerJob() != null) {
                budget.put("perJob", r.getMaxCostUsdPerJob());
            }
            if (r.getMaxCostUsdPerBatch() != null) {
                budget.put("perBatch", r.getMaxCostUsdPerBatch());
            }
            if (r.getMaxCostUsdPerTenant() != null) {
                budget.put("perTenant", r.getMaxCostUsdPerTenant());
            }
        }
        node.put("fallbackOnRequestErrors", r.getFallbackOnRequestErrors());
        return node;
    }

    private static String usd(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "$%.4f", value);
    }
}
