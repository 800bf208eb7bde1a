package dev.roocode.api.admin.console;

import static dev.roocode.api.admin.console.Html.format;

import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.api.admin.console.Html.Safe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
            boolean running) {
        /** Answered lines (completed + failed) as a whole percentage of the total; 0 before validation. */
        int percent() {
            if (total <= 0) {
                return 0;
            }
            long done = Math.min(total, completed + failed);
            return (int) (done * 100 / total);
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

    static Safe detail(BatchRow b) {
        List<Safe> errors = new ArrayList<>();
        for (String e : b.errors()) {
            errors.add(format("<li>{}</li>", e));
        }
        return format(
                "<table class=\"detail\" id=\"batch\">"
                        + "<tr><th>Status</th><td><span class=\"status {}\" id=\"batch-status\">{}</span></td></tr>"
                        + "<tr><th>Progress</th><td>{}</td></tr>"
                        + "<tr><th>Requests</th><td id=\"counts\">{} completed, {} failed of {}</td></tr>"
                        + "<tr><th>Tenant</th><td>{}</td></tr><tr><th>Endpoint</th><td>{}</td></tr>"
                        + "<tr><th>Input file</th><td>{}</td></tr>"
                        + "<tr><th>Created</th><td>{}</td></tr><tr><th>Finished</th><td>{}</td></tr>"
                        + "<tr><th>Files</th><td>{}</td></tr></table>{}"
                        + "<p><a href=\"/console/batches\">All batches</a></p>",
                b.status(),
                b.status(),
                progress(b),
                b.completed(),
                b.failed(),
                b.total(),
                tenant(b.tenant()),
                b.endpoint(),
                b.inputFileId(),
                time(b.createdAt()),
                time(b.finishedAt()),
                downloads(b),
                errors.isEmpty()
                        ? new Safe("")
                        : format("<h2>Validation errors</h2><ul id=\"batch-errors\">{}</ul>", Html.join(errors)));
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
