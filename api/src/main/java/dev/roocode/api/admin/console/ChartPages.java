package dev.roocode.api.admin.console;

import static dev.roocode.api.admin.console.Html.format;

import dev.roocode.api.admin.console.Html.Safe;
import dev.roocode.api.admin.console.MetricsHistory.Point;
import dev.roocode.api.admin.console.MetricsHistory.SpendPoint;
import dev.roocode.api.admin.console.MetricsHistory.TenantSpend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The charts page, its JSON data, and the overview of the tenants' spend. The page holds no data and no script of its
 * own: {@code charts.js} (from the jar) fetches {@code /console/charts/data} under the session every 5 s and draws
 * each series with uPlot (vendored in the jar), so the CSP's {@code script-src 'self'} holds.
 */
final class ChartPages {
    private ChartPages() {}

    /** The charts of each provider: series name → its label. */
    static final Map<String, String> SERIES = seriesLabels();

    private static Map<String, String> seriesLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reqPerSec", "requests per second");
        m.put("latencyP50Ms,latencyP99Ms", "latency p50 / p99 (ms)");
        m.put("latencyMs", "latency, EWMA (ms)");
        m.put("errorRate", "error rate (EWMA)");
        m.put("rateLimited", "rate limited (429 back-off)");
        m.put("tokensPerSec", "tokens per second");
        m.put("backlog", "backlog (jobs dispatched, not finished)");
        m.put("usdPerHour", "$ per hour");
        return m;
    }

    static final String BANNER = "The Kafka cluster is not reachable: showing what was last read.";

    static Safe banner() {
        return format("<p class=\"error\" role=\"alert\" id=\"unreachable\">{}</p>", BANNER);
    }

    static Safe charts(List<String> providers) {
        List<Safe> sections = new ArrayList<>();
        for (String provider : providers) {
            List<Safe> charts = new ArrayList<>();
            SERIES.forEach((series, label) -> charts.add(format(
                    "<figure class=\"chart\" data-provider=\"{}\" data-series=\"{}\" data-label=\"{}\">"
                            + "<figcaption>{}</figcaption></figure>",
                    provider,
                    series,
                    label,
                    label)));
            sections.add(format(
                    "<section class=\"provider-charts\" id=\"p-{}\"><h2>{}</h2><div class=\"charts\">{}</div></section>",
                    provider,
                    provider,
                    Html.join(charts)));
        }
        Safe body = providers.isEmpty()
                ? new Safe("<p id=\"no-data\">No health report read since this service started: the charts fill in"
                        + " as the workers report (every few seconds while a provider has traffic).</p>")
                : Html.join(sections);
        return format(
                "<p class=\"help\">The last hour, from the workers' health reports on the provider-health topic and"
                        + " the spend topic, as read by this roocode-api since it started (a restart starts them"
                        + " empty). Refreshed every 5 s. Latency p50 and p99 are of each worker's last minute (no line"
                        + " from a worker of a version that does not report them). A provider's $ per hour is the growth of its total on the spend topic"
                        + " (<code>provider:NAME</code>, written by processors of this version and later).</p>"
                        + "<section class=\"provider-charts\"><h2>Spend, all tenants</h2><div class=\"charts\">"
                        + "<figure class=\"chart\" data-provider=\"\" data-series=\"usdPerHour\""
                        + " data-label=\"$ per hour\"><figcaption>$ per hour</figcaption></figure></div></section>"
                        + "{}<link rel=\"stylesheet\" href=\"/console/assets/uPlot.min.css\">"
                        + "<script src=\"/console/assets/uPlot.iife.min.js\"></script>"
                        + "<script src=\"/console/assets/charts.js\"></script>",
                body);
    }

    /**
     * The JSON of the charts: per provider, {@code t} (epoch seconds) and one array per series of {@link #SERIES} (a
     * chart of several series, comma-separated, has one array each; null where a report has no value).
     */
    static Map<String, Object> data(MetricsHistory history, boolean unreachable) {
        Map<String, Object> providers = new LinkedHashMap<>();
        history.providers().forEach((name, points) -> {
            Map<String, Object> series = new LinkedHashMap<>();
            series.put("t", column(points, p -> p.t() / 1000.0));
            series.put("reqPerSec", column(points, Point::reqPerSec));
            series.put("latencyMs", column(points, Point::latencyMs));
            series.put("latencyP50Ms", column(points, Point::p50Ms));
            series.put("latencyP99Ms", column(points, Point::p99Ms));
            series.put("errorRate", column(points, Point::errorRate));
            series.put("rateLimited", column(points, p -> (double) p.rateLimited()));
            series.put("tokensPerSec", column(points, Point::tokensPerSec));
            series.put("backlog", column(points, p -> (double) p.backlog()));
            providers.put(name, series);
        });
        Map<String, Object> providerSpend = new LinkedHashMap<>();
        history.providerSpendPerHour().forEach((name, points) -> providerSpend.put(name, spendSeries(points)));
        List<SpendPoint> spend = history.spendPerHour();
        Map<String, Object> spendSeries = new LinkedHashMap<>();
        spendSeries.put("t", spend.stream().map(p -> p.t() / 1000.0).toList());
        spendSeries.put("usdPerHour", spend.stream().map(SpendPoint::usdPerHour).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reachable", !unreachable);
        out.put("providers", providers);
        out.put("spend", spendSeries);
        out.put("providerSpend", providerSpend);
        return out;
    }

    private static Map<String, Object> spendSeries(List<SpendPoint> points) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("t", points.stream().map(p -> p.t() / 1000.0).toList());
        series.put("usdPerHour", points.stream().map(SpendPoint::usdPerHour).toList());
        return series;
    }

    private static List<Double> column(List<Point> points, Function<Point, Double> value) {
        return points.stream().map(value).toList();
    }

    /**
     * The overview: each tenant's spend (spent and in flight) against its budget, the smallest {@code budgetUsd} of
     * its API keys when the service reads the cluster's keys ({@code keyBudgets} null: it does not), and the routes'
     * per-tenant caps.
     */
    static Safe overview(List<TenantSpend> tenants, Map<String, Double> keyBudgets, Map<String, Double> routeCaps) {
        List<Safe> rows = new ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>();
        tenants.forEach(t -> names.add(t.tenant()));
        if (keyBudgets != null) {
            names.addAll(keyBudgets.keySet());
        }
        Map<String, TenantSpend> byName = new LinkedHashMap<>();
        tenants.forEach(t -> byName.put(t.tenant(), t));
        for (String name : names) {
            TenantSpend t = byName.getOrDefault(name, new TenantSpend(name, 0, 0, 0, 0));
            Double budget = keyBudgets == null ? null : keyBudgets.get(name);
            double committed = t.costUsd() + t.inFlightUsd();
            Safe bar = budget == null || budget <= 0
                    ? new Safe("<span class=\"pct\">no budget</span>")
                    : format(
                            "<progress max=\"{}\" value=\"{}\"></progress> <span class=\"pct\">{}%</span>",
                            usd(budget),
                            usd(Math.min(committed, budget)),
                            String.format(Locale.ROOT, "%.0f", 100 * committed / budget));
            rows.add(format(
                    "<tr data-tenant=\"{}\"><td>{}</td><td class=\"spent\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
                            + "<td>{}</td></tr>",
                    name,
                    name,
                    "$" + usd(t.costUsd()),
                    "$" + usd(t.inFlightUsd()),
                    t.inputTokens() + " in / " + t.outputTokens() + " out",
                    budget == null ? "-" : "$" + usd(budget),
                    bar));
        }
        Safe table = names.isEmpty()
                ? new Safe("<p>No tenant has spent anything yet (nothing on the spend topic).</p>")
                : format(
                        "<table id=\"tenants\"><thead><tr><th>Tenant</th><th>Spent</th><th>In flight</th>"
                                + "<th>Tokens</th><th>Key budget</th><th>Committed of budget</th></tr></thead>"
                                + "<tbody>{}</tbody></table>",
                        Html.join(rows));
        List<Safe> caps = new ArrayList<>();
        routeCaps.forEach((model, cap) -> caps.add(format("<li>{}: ${} per tenant</li>", model, usd(cap))));
        return format(
                "<p class=\"help\">Spend per tenant from the spend topic (key <code>tenant:NAME</code>: the cost of"
                        + " finished attempts, and the estimate of those in flight). A tenant's budget is the"
                        + " smallest <code>budgetUsd</code> of its API keys (<code>roocode keys create --budget</code>):"
                        + " the API refuses its requests once spent plus in flight reaches it. {}</p>{}"
                        + "<h2>Route caps per tenant</h2>{}<p><a href=\"/console/charts\">Charts per provider</a></p>",
                keyBudgets == null ? "This service does not read the cluster's keys, so no key budget is shown." : "",
                table,
                caps.isEmpty()
                        ? new Safe("<p>No route has a per-tenant cap.</p>")
                        : format("<ul id=\"route-caps\">{}</ul>", Html.join(caps)));
    }

    private static String usd(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
