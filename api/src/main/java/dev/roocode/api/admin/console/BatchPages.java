package dev.roocode.api.admin.console;

import static dev.roocode.api.admin.console.Html.format;

import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.api.admin.console.Html.Safe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console's batch pages as HTML (every value escaped by {@link Html#format}). */
final class BatchPages {
    /** The endpoints a batch file can call, as the submit form offers them. */
    static final List<String> ENDPOINTS = List.of("/v1/chat/completions", "/v1/embeddings", "/v1/responses");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private BatchPages() {}

    /**
     * A batch as the pages show it.
     *
     * @param tenant      its tenant, or null (an admin key's, without one)
     * @param total       request_counts.total (0 until validated)
     * @param completed   lines answered successfully so far
     * @param failed      lines answered with an error so far
     * @param finishedAt  when it completed, failed, expired or was cancelled, or null
     * @param errors      why validation failed, one line each (empty when it did not)
     * @param running     whether it is still validating, in progress, finalizing or cancelling
     * @param inProgressAt when its lines went out as jobs, or null before
     * @param spend       its total on the spend topic ({@code batch:<id>}), or null when none was read
     * @param failures    its failed lines by reason, most frequent first (empty on the list, which reads no files)
     * @param cancellable whether it can still be cancelled (validating or in progress)
     */
    record BatchRow(
            String id,
            String tenant,
            String endpoint,
            String status,
            long total,
            long completed,
            long failed,
            Instant createdAt,
            Instant finishedAt,
            String inputFileId,
            String outputFileId,
            String errorFileId,
            List<String> errors,
            boolean running,
            Instant inProgressAt,
            MetricsHistory.BatchSpend spend,
            Map<String, Long> failures,
            boolean cancellable) {
        /** Answered lines (completed + failed) as a whole percentage of the total; 0 before validation. */
        int percent() {
            if (total <= 0) {
                return 0;
            }
            long done = Math.min(total, completed + failed);
            return (int) (done * 100 / total);
        }

        /**
         * When the batch should be done at the rate its lines have been answered since it went in progress: null
         * when it is not running, not yet in progress, or no line is answered yet (no rate), or all are.
         */
        Instant eta(Instant now) {
            long done = Math.min(total, completed + failed);
            if (!running || inProgressAt == null || total <= 0 || done <= 0 || done >= total) {
                return null;
            }
            long elapsed = Math.max(0, now.toEpochMilli() - inProgressAt.toEpochMilli());
            long remaining = total - done;
            return now.plusMillis(Math.round((double) elapsed * remaining / done));
        }
    }

    static Safe list(Sessions.Session session, List<BatchRow> rows) {
        List<Safe> lines = new ArrayList<>();
        for (BatchRow b : rows) {
            lines.add(format(
                    "<tr data-batch=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td>"
                            + "<td><span class=\"status {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td>"
                            + "<td>{}</td></tr>",
                    b.id(),
                    url(b.id()),
                    b.id(),
                    tenant(b.tenant()),
                    b.endpoint(),
                    b.status(),
                    b.status(),
                    progress(b),
                    time(b.createdAt()),
                    time(b.finishedAt()),
                    downloads(b)));
        }
        Safe table = rows.isEmpty()
                ? new Safe("<p id=\"no-batches\">No batches yet.</p>")
                : format(
                        "<table id=\"batches\"><thead><tr><th>Batch</th><th>Tenant</th><th>Endpoint</th>"
                                + "<th>Status</th><th>Progress</th><th>Created</th><th>Finished</th><th>Files</th>"
                                + "</tr></thead><tbody>{}</tbody></table>",
                        Html.join(lines));
        return format("{}<h2>Submit a batch file</h2>{}", table, submitForm(session));
    }

    static Safe submitForm(Sessions.Session session) {
        List<Safe> options = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            options.add(format("<option value=\"{}\">{}</option>", endpoint, endpoint));
        }
        return format(
                "<form method=\"post\" action=\"/console/batches\" enctype=\"multipart/form-data\" class=\"card\""
                        + " id=\"submit-form\">{}"
                        + "<label for=\"b-file\">Batch file (JSONL) <span class=\"req\">*</span></label>"
                        + "<input id=\"b-file\" name=\"file\" type=\"file\" accept=\".jsonl,application/jsonl\" required>"
                        + "<p class=\"help\">One request per line, as OpenAI's Batch API takes it"
                        + " (custom_id, method, url, body).</p>"
                        + "<label for=\"b-endpoint\">Endpoint</label><select id=\"b-endpoint\" name=\"endpoint\">{}</select>"
                        + "<p class=\"help\">Every line's url must be this endpoint.</p>"
                        + "<label for=\"b-tenant\">Tenant</label>"
                        + "<input id=\"b-tenant\" name=\"tenant\" type=\"text\" value=\"\">"
                        + "<p class=\"help\">The tenant the batch runs and is billed for (its keys see it);"
                        + " empty: none, as for an admin key.</p>"
                        + "<button type=\"submit\" id=\"submit-batch\">Submit batch</button></form>",
                csrf(session),
                Html.join(options));
    }

    /** The quote panel: a batch file and an optional deadline; below it, the last quote's text when there is one. */
    static Safe quote(Sessions.Session session, String deadline, RouteAdmin.Quote quote) {
        Safe result = quote == null
                ? new Safe("")
                : format(
                        "<h2>Plan and price</h2>{}<pre id=\"quote-text\">{}</pre>",
                        quote.problem() == null
                                ? new Safe("")
                                : format("<p class=\"error\" id=\"quote-problem\">{}</p>", quote.problem()),
                        quote.text());
        return format(
                "<p>Where a batch file's jobs would go, what they would cost and when they would finish, as"
                        + " <code>roocode quote</code> plans them over this cluster's providers, routes and load."
                        + " Nothing is submitted.</p>"
                        + "<form method=\"post\" action=\"/console/quote\" enctype=\"multipart/form-data\""
                        + " class=\"card\" id=\"quote-form\">{}"
                        + "<label for=\"q-file\">Batch file (JSONL) <span class=\"req\">*</span></label>"
                        + "<input id=\"q-file\" name=\"file\" type=\"file\" accept=\".jsonl,application/jsonl\" required>"
                        + "<label for=\"q-deadline\">Deadline</label>"
                        + "<input id=\"q-deadline\" name=\"deadline\" type=\"text\" value=\"{}\">"
                        + "<p class=\"help\">Every job's deadline from now, e.g. 26h (as --deadline); one far enough"
                        + " lets jobs go through providers' batch APIs. Empty: none.</p>"
                        + "<button type=\"submit\" id=\"quote\">Quote</button></form>{}",
                Pages.csrf(session),
                deadline == null ? "" : deadline,
                result);
    }

    static Safe detail(Sessions.Session session, BatchRow b, Instant now) {
        List<Safe> errors = new ArrayList<>();
        for (String e : b.errors()) {
            errors.add(format("<li>{}</li>", e));
        }
        return format(
                "<table class=\"detail\" id=\"batch\">"
                        + "<tr><th>Status</th><td><span class=\"status {}\" id=\"batch-status\">{}</span></td></tr>"
                        + "<tr><th>Progress</th><td>{}</td></tr>"
                        + "<tr><th>Requests</th><td id=\"counts\">{} completed, {} failed of {}</td></tr>"
                        + "<tr><th>ETA</th><td id=\"eta\">{}</td></tr>"
                        + "<tr><th>Cost</th><td id=\"cost\">{}</td></tr>"
                        + "<tr><th>Tokens</th><td id=\"tokens\">{}</td></tr>"
                        + "<tr><th>Tenant</th><td>{}</td></tr><tr><th>Endpoint</th><td>{}</td></tr>"
                        + "<tr><th>Input file</th><td>{}</td></tr>"
                        + "<tr><th>Created</th><td>{}</td></tr><tr><th>Finished</th><td>{}</td></tr>"
                        + "<tr><th>Files</th><td>{}</td></tr></table>{}{}{}"
                        + "<p><a href=\"/console/batches\">All batches</a></p>",
                b.status(),
                b.status(),
                progress(b),
                b.completed(),
                b.failed(),
                b.total(),
                eta(b, now),
                cost(b.spend()),
                tokens(b.spend()),
                tenant(b.tenant()),
                b.endpoint(),
                b.inputFileId(),
                time(b.createdAt()),
                time(b.finishedAt()),
                downloads(b),
                failures(b),
                errors.isEmpty()
                        ? new Safe("")
                        : format("<h2>Validation errors</h2><ul id=\"batch-errors\">{}</ul>", Html.join(errors)),
                b.cancellable() ? cancelForm(session, b) : new Safe(""));
    }

    /** "in 2m 30s (12:03:40 UTC)", or "-" while there is no rate to go by. */
    static String eta(BatchRow b, Instant now) {
        Instant eta = b.eta(now);
        if (eta == null) {
            return "-";
        }
        return "in " + duration(Duration.between(now, eta)) + " (" + time(eta) + ")";
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }

    /** Spent, and what attempts dispatched and not finished are estimated at, or "-" before the spend topic has it. */
    static String cost(MetricsHistory.BatchSpend spend) {
        if (spend == null) {
            return "-";
        }
        String spent = String.format(Locale.ROOT, "$%.4f", spend.costUsd());
        return spend.inFlightUsd() > 0
                ? spent + String.format(Locale.ROOT, " (+ $%.4f in flight)", spend.inFlightUsd())
                : spent;
    }

    static String tokens(MetricsHistory.BatchSpend spend) {
        if (spend == null) {
            return "-";
        }
        return spend.inputTokens() + " in, " + spend.outputTokens() + " out";
    }

    /** The failed lines by reason, as a table; nothing when none failed. */
    static Safe failures(BatchRow b) {
        if (b.failures().isEmpty()) {
            return new Safe("");
        }
        List<Safe> rows = new ArrayList<>();
        b.failures().forEach((reason, count) -> rows.add(format("<tr><td>{}</td><td>{}</td></tr>", reason, count)));
        return format(
                "<h2>Failures by reason</h2><table id=\"failures\"><thead><tr><th>Reason</th><th>Lines</th></tr>"
                        + "</thead><tbody>{}</tbody></table>",
                Html.join(rows));
    }

    /** Cancel: the same operation as {@code POST /v1/batches/{id}/cancel}, with the session's CSRF token. */
    static Safe cancelForm(Sessions.Session session, BatchRow b) {
        return format(
                "<form method=\"post\" action=\"{}/cancel\" class=\"inline\" id=\"cancel-form\">{}"
                        + "<button type=\"submit\" id=\"cancel-batch\" class=\"danger\">Cancel batch</button>"
                        + "<p class=\"help\">Lines not answered yet are not sent; they end in the error file as"
                        + " batch_cancelled.</p></form>",
                url(b.id()),
                csrf(session));
    }

    /** A native progress bar (no inline style: the CSP allows none) and its percentage. */
    static Safe progress(BatchRow b) {
        return format(
                "<progress max=\"100\" value=\"{}\"></progress> <span class=\"pct\">{}%</span>",
                b.percent(), b.percent());
    }

    private static Safe downloads(BatchRow b) {
        List<Safe> links = new ArrayList<>();
        if (b.outputFileId() != null) {
            links.add(format("<a href=\"{}/output\" class=\"output-file\" download>output</a> ", url(b.id())));
        }
        if (b.errorFileId() != null) {
            links.add(format("<a href=\"{}/errors\" class=\"error-file\" download>errors</a>", url(b.id())));
        }
        return links.isEmpty() ? new Safe("-") : Html.join(links);
    }

    static String url(String id) {
        return "/console/batches/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String tenant(String tenant) {
        return tenant == null ? "(none)" : tenant;
    }

    static String time(Instant at) {
        return at == null ? "-" : TIME.format(at);
    }

    private static Safe csrf(Sessions.Session session) {
        return Pages.csrf(session);
    }
}
