package dev.roocode.api.admin.console;

import static dev.roocode.api.admin.console.Html.format;

import dev.roocode.api.admin.RouteAdmin.Candidate;
import dev.roocode.api.admin.RouteAdmin.RouteView;
import dev.roocode.api.admin.console.Html.Safe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console's route pages as HTML (every value escaped by {@link Html#format}). */
final class RoutePages {
    /** The strategies {@code roocode routes set --strategy} takes, in its help's order. */
    static final List<String> STRATEGIES = List.of("cost", "priority", "weighted", "latency", "explicit");

    private RoutePages() {}

    static Safe list(List<RouteView> routes) {
        List<Safe> rows = new ArrayList<>();
        for (RouteView r : routes) {
            rows.add(format(
                    "<tr data-route=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"strategy\">{}</td>"
                            + "<td class=\"candidates\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                            + "<td>{}</td></tr>",
                    r.model(),
                    url(r.model()),
                    r.model(),
                    String.join(", ", r.aliases()),
                    r.strategy(),
                    candidates(r.candidates()),
                    r.fallbacks().isEmpty() ? "-" : String.join(" → ", r.fallbacks()),
                    r.maxAttempts(),
                    budgets(r),
                    r.fallbackOnRequestErrors() ? "fall back" : "fail the job",
                    r.version()));
        }
        Safe table = routes.isEmpty()
                ? new Safe("<p id=\"no-routes\">No routes yet: every model goes to the providers offering it,"
                        + " cheapest first.</p>")
                : format(
                        "<table id=\"routes\"><thead><tr><th>Model</th><th>Aliases</th><th>Strategy</th>"
                                + "<th>Candidates (priority, weight)</th><th>Fallbacks</th><th>Max attempts</th>"
                                + "<th>Budgets (job / batch / tenant)</th><th>Request errors</th><th>Version</th>"
                                + "</tr></thead><tbody>{}</tbody></table>",
                        Html.join(rows));
        return format("{}<p><a class=\"button\" id=\"new-route\" href=\"/console/new-route\">New route</a></p>", table);
    }

    /** The form's values of an existing route, in the words of {@code roocode routes set}'s flags. */
    static Map<String, String> values(RouteView r) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("model", r.model());
        v.put("strategy", r.strategy());
        List<String> candidates = new ArrayList<>();
        for (Candidate c : r.candidates()) {
            candidates.add(c.provider() + ":" + c.priority() + ":" + c.weight());
        }
        v.put("candidates", String.join("\n", candidates));
        v.put("fallbacks", String.join("\n", r.fallbacks()));
        v.put("aliases", String.join("\n", r.aliases()));
        v.put("maxAttempts", Integer.toString(r.maxAttempts()));
        v.put("perJob", r.perJob() == null ? "" : r.perJob().toString());
        v.put("perBatch", r.perBatch() == null ? "" : r.perBatch().toString());
        v.put("perTenant", r.perTenant() == null ? "" : r.perTenant().toString());
        v.put("fallbackOnRequestErrors", r.fallbackOnRequestErrors() ? "on" : "");
        return v;
    }

    /**
     * The edit form (a new route when {@code existing} is false: the model is then typed), filled with {@code values}
     * as {@link #values} gives them or as they were typed.
     */
    static Safe form(Sessions.Session session, boolean existing, Map<String, String> values) {
        List<Safe> options = new ArrayList<>();
        String strategy = values.getOrDefault("strategy", "cost").toLowerCase(Locale.ROOT);
        for (String s : STRATEGIES) {
            options.add(format(
                    "<option value=\"{}\"{}>{}</option>", s, new Safe(s.equals(strategy) ? " selected" : ""), s));
        }
        Safe model = existing
                ? format("<input type=\"hidden\" name=\"model\" value=\"{}\">", values.get("model"))
                : format(
                        "<label for=\"r-model\">Model <span class=\"req\">*</span></label>"
                                + "<input id=\"r-model\" name=\"model\" type=\"text\" value=\"{}\" required>"
                                + "<p class=\"help\">The logical model name jobs ask for; * for the default route.</p>",
                        values.getOrDefault("model", ""));
        return format(
                "<form method=\"post\" action=\"/console/routes\" class=\"card\" id=\"route-form\">{}{}"
                        + "<label for=\"r-strategy\">Strategy</label><select id=\"r-strategy\" name=\"strategy\">{}"
                        + "</select><p class=\"help\">cost (default), priority, weighted, latency or explicit.</p>"
                        + "<label for=\"r-candidates\">Candidates</label>"
                        + "<textarea id=\"r-candidates\" name=\"candidates\" rows=\"4\">{}</textarea>"
                        + "<p class=\"help\">One PROVIDER[:PRIORITY[:WEIGHT]] per line (as --candidate); none allows"
                        + " every provider offering the model.</p>"
                        + "<label for=\"r-fallbacks\">Fallback chain</label>"
                        + "<textarea id=\"r-fallbacks\" name=\"fallbacks\" rows=\"2\">{}</textarea>"
                        + "<p class=\"help\">Provider names in order, one per line (as --fallback).</p>"
                        + "<label for=\"r-aliases\">Aliases</label>"
                        + "<textarea id=\"r-aliases\" name=\"aliases\" rows=\"2\">{}</textarea>"
                        + "<p class=\"help\">Other model names resolving to this route, one per line.</p>"
                        + "<label for=\"r-max-attempts\">Max attempts</label>"
                        + "<input id=\"r-max-attempts\" name=\"maxAttempts\" type=\"text\" value=\"{}\">"
                        + "<p class=\"help\">Providers tried at most per job (default 3).</p>"
                        + "<label for=\"r-per-job\">Budget per job (USD)</label>"
                        + "<input id=\"r-per-job\" name=\"perJob\" type=\"text\" value=\"{}\">"
                        + "<label for=\"r-per-batch\">Budget per batch (USD)</label>"
                        + "<input id=\"r-per-batch\" name=\"perBatch\" type=\"text\" value=\"{}\">"
                        + "<label for=\"r-per-tenant\">Budget per tenant (USD)</label>"
                        + "<input id=\"r-per-tenant\" name=\"perTenant\" type=\"text\" value=\"{}\">"
                        + "<p class=\"help\">Empty: no cap.</p>"
                        + "<label class=\"check\"><input id=\"r-on-request-errors\" name=\"fallbackOnRequestErrors\""
                        + " type=\"checkbox\"{}> Let request errors (BAD_REQUEST, CONTENT_POLICY, INVALID_JOB) try"
                        + " other providers</label>"
                        + "<button type=\"submit\" id=\"save-route\">Save route</button></form>",
                Pages.csrf(session),
                model,
                Html.join(options),
                values.getOrDefault("candidates", ""),
                values.getOrDefault("fallbacks", ""),
                values.getOrDefault("aliases", ""),
                values.getOrDefault("maxAttempts", ""),
                values.getOrDefault("perJob", ""),
                values.getOrDefault("perBatch", ""),
                values.getOrDefault("perTenant", ""),
                new Safe(values.getOrDefault("fallbackOnRequestErrors", "").isEmpty() ? "" : " checked"));
    }

    static Safe detail(Sessions.Session session, RouteView r, Map<String, String> values) {
        return format(
                "<table class=\"detail\" id=\"route\"><tr><th>Strategy</th><td id=\"route-strategy\">{}</td></tr>"
                        + "<tr><th>Candidates</th><td id=\"route-candidates\">{}</td></tr>"
                        + "<tr><th>Fallbacks</th><td>{}</td></tr><tr><th>Max attempts</th><td>{}</td></tr>"
                        + "<tr><th>Budgets</th><td>{}</td></tr><tr><th>Version</th><td>{}</td></tr></table>"
                        + "<h2>Edit</h2>{}<p><a href=\"/console/routes\">All routes</a></p>",
                r.strategy(),
                candidates(r.candidates()),
                r.fallbacks().isEmpty() ? "-" : String.join(" → ", r.fallbacks()),
                r.maxAttempts(),
                budgets(r),
                r.version(),
                form(session, true, values));
    }

    static String candidates(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return "any provider offering the model";
        }
        List<String> parts = new ArrayList<>();
        for (Candidate c : candidates) {
            parts.add(c.provider() + " (" + c.priority() + ", " + c.weight() + ")");
        }
        return String.join(", ", parts);
    }

    static String budgets(RouteView r) {
        if (r.perJob() == null && r.perBatch() == null && r.perTenant() == null) {
            return "-";
        }
        return usd(r.perJob()) + " / " + usd(r.perBatch()) + " / " + usd(r.perTenant());
    }

    private static String usd(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "$%.4f", value);
    }

    static String url(String model) {
        return "/console/routes/" + URLEncoder.encode(model, StandardCharsets.UTF_8);
    }
}
