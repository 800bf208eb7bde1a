package dev.roocode.cli.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.schemas.avro.ApiKey;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** How an API key is shown: never its secret or hash, only what an operator needs to tell keys apart. */
final class KeyView {
    private KeyView() {}

    /** {@code tenant acme, rpm 60, budget 10 USD, from 10.0.0.0/8}. */
    static String describe(ApiKey key) {
        List<String> parts = new ArrayList<>();
        parts.add(key.getTenant() == null ? "no tenant" : "tenant " + key.getTenant());
        if (key.getAdmin()) {
            parts.add("admin");
        }
        if (key.getRpm() != null) {
            parts.add("rpm " + key.getRpm());
        }
        if (key.getBudgetUsd() != null) {
            parts.add("budget " + usd(key.getBudgetUsd()) + " USD");
        }
        if (!key.getAllowedCidrs().isEmpty()) {
            parts.add("from " + String.join(", ", key.getAllowedCidrs()));
        }
        return String.join(", ", parts);
    }

    static ObjectNode toNode(ApiKey key) {
        ObjectNode node = OutputOptions.json().createObjectNode();
        node.put("id", key.getKeyId());
        node.put("tenant", key.getTenant());
        node.put("admin", key.getAdmin());
        node.put("rpm", key.getRpm());
        node.put("budget_usd", key.getBudgetUsd());
        ArrayNode allowed = node.putArray("allowed_ips");
        key.getAllowedCidrs().forEach(allowed::add);
        node.put("name", key.getName());
        node.put("created_at", key.getCreatedAt().toString());
        return node;
    }

    static void table(PrintWriter out, Collection<ApiKey> keys) {
        String format = "%-14s %-16s %-5s %-6s %-10s %-24s %-20s %s%n";
        out.printf(format, "ID", "TENANT", "ADMIN", "RPM", "BUDGET_USD", "ALLOWED_IPS", "CREATED", "NAME");
        for (ApiKey key : keys) {
            out.printf(
                    format,
                    key.getKeyId(),
                    key.getTenant() == null ? "-" : key.getTenant(),
                    key.getAdmin() ? "yes" : "no",
                    key.getRpm() == null ? "-" : key.getRpm(),
                    key.getBudgetUsd() == null ? "-" : usd(key.getBudgetUsd()),
                    key.getAllowedCidrs().isEmpty() ? "any" : String.join(",", key.getAllowedCidrs()),
                    key.getCreatedAt().truncatedTo(ChronoUnit.SECONDS),
                    key.getName() == null ? "" : key.getName());
        }
    }

    private static String usd(double amount) {
        return amount == Math.rint(amount) ? String.valueOf((long) amount) : String.valueOf(amount);
    }
}
