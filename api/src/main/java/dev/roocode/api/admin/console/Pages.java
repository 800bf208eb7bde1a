package dev.roocode.api.admin.console;

import static dev.roocode.api.admin.console.Html.format;

import dev.roocode.api.admin.ProviderAdmin.FormField;
import dev.roocode.api.admin.ProviderAdmin.ProviderDetail;
import dev.roocode.api.admin.ProviderAdmin.ProviderRow;
import dev.roocode.api.admin.ProviderAdmin.TestReport;
import dev.roocode.api.admin.ProviderAdmin.TestStep;
import dev.roocode.api.admin.console.Html.Safe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console's pages as HTML; every value passes through {@link Html#format}, so everything shown is escaped. */
final class Pages {
    private Pages() {}

    /** The layout around {@code body}: header with sign-out when signed in, the flash or error message. */
    static Safe layout(String title, Sessions.Session session, String flash, String error, Safe body) {
        return layout(title, session, flash, error, body, false);
    }

    /**
     * The layout; with {@code refresh} the browser reloads the page every 2 s (a meta refresh: no script), as a batch's
     * pages do while it runs.
     */
    static Safe layout(String title, Sessions.Session session, String flash, String error, Safe body, boolean refresh) {
        Safe nav = session != null && session.signedIn()
                ? format(
                        "<nav><a href=\"/console/providers\">Providers</a><a href=\"/console/batches\">Batches</a>"
                                + "<a href=\"/console/routes\">Routes</a><a href=\"/console/quote\">Quote</a>"
                                + "<a href=\"/console/overview\">Overview</a><a href=\"/console/charts\">Charts</a>"
                                + "<form method=\"post\" action=\"/console/sign-out\" class=\"inline\">{}"
                                + "<button type=\"submit\">Sign out</button></form></nav>",
                        csrf(session))
                : new Safe("");
        Safe message = new Safe("");
        if (error != null) {
            message = format("<p class=\"error\" role=\"alert\">{}</p>", error);
        } else if (flash != null) {
            message = format("<p class=\"flash\" role=\"status\">{}</p>", flash);
        }
        return format(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">{}"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + "<title>{} · Roocode console</title>"
                        + "<link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head>"
                        + "<body><header><span class=\"brand\">Roocode console</span>{}</header>"
                        + "<main><h1>{}</h1>{}{}</main></body></html>",
                new Safe(refresh ? "<meta http-equiv=\"refresh\" content=\"2\">" : ""),
                title,
                nav,
                title,
                message,
                body);
    }

    static Safe csrf(Sessions.Session session) {
        return format("<input type=\"hidden\" name=\"_csrf\" value=\"{}\">", session.csrf);
    }

    static Safe signIn(Sessions.Session session) {
        return format(
                "<form method=\"post\" action=\"/console/sign-in\" class=\"card\">{}"
                        + "<label for=\"key\">Admin key</label>"
                        + "<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required>"
                        + "<p class=\"help\">An admin key of this API (the same keys as the HTTP API)."
                        + " It stays on the server; the browser gets a session cookie.</p>"
                        + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>",
                csrf(session));
    }

    static Safe providers(List<ProviderRow> rows, List<String> types) {
        List<Safe> lines = new ArrayList<>();
        for (ProviderRow r : rows) {
            lines.add(format(
                    "<tr><td><a href=\"/console/providers/{}\">{}</a>"
                            + " <a class=\"charts-link\" href=\"/console/charts#p-{}\">charts</a></td><td>{}</td>"
                            + "<td><span class=\"status {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td>"
                            + "<td>{}</td><td class=\"req-per-sec\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
                            + "<td class=\"p99\">{}</td></tr>",
                    r.name(),
                    r.name(),
                    r.name(),
                    r.type(),
                    r.status().toLowerCase(Locale.ROOT),
                    r.status(),
                    r.models(),
                    r.endpoint(),
                    r.lastTest(),
                    r.worker(),
                    r.reqPerSec(),
                    r.breaker(),
                    r.errorRate(),
                    r.latency(),
                    r.p99()));
        }
        Safe table = rows.isEmpty()
                ? new Safe("<p>No providers yet.</p>")
                : format(
                        "<table id=\"providers\"><thead><tr><th>Name</th><th>Type</th><th>Status</th><th>Models</th>"
                                + "<th>Endpoint</th><th>Last test</th><th>Worker</th><th>Req/s</th><th>Breaker</th><th>Errors</th>"
                                + "<th>Latency</th><th>p99</th></tr></thead><tbody>{}</tbody></table>",
                        Html.join(lines));
        List<Safe> adds = new ArrayList<>();
        for (String type : types) {
            adds.add(format(
                    "<li><a href=\"/console/new-provider?type={}\" id=\"add-{}\">{}</a></li>", type, type, type));
        }
        return format("{}<h2>Add provider</h2><ul class=\"types\">{}</ul>", table, Html.join(adds));
    }

    static Safe addForm(Sessions.Session session, String type, List<FormField> fields, Map<String, String> values) {
        List<Safe> inputs = new ArrayList<>();
        for (FormField f : fields) {
            String value = f.kind() == FormField.Kind.SECRET ? "" : values.getOrDefault(f.name(), f.value());
            String id = "f-" + f.name();
            Safe input = switch (f.kind()) {
                case SECRET ->
                    format(
                            "<input id=\"{}\" name=\"{}\" type=\"password\" autocomplete=\"off\"{}>",
                            id,
                            f.name(),
                            new Safe(f.required() ? " required" : ""));
                case LINES ->
                    format(
                            "<textarea id=\"{}\" name=\"{}\" rows=\"3\"{}>{}</textarea>",
                            id,
                            f.name(),
                            new Safe(f.required() ? " required" : ""),
                            value);
                case TEXT ->
                    format(
                            "<input id=\"{}\" name=\"{}\" type=\"text\" value=\"{}\"{}>",
                            id,
                            f.name(),
                            value,
                            new Safe(f.required() ? " required" : ""));
            };
            inputs.add(format(
                    "<label for=\"{}\">{}{}</label>{}<p class=\"help\">{}</p>",
                    id,
                    f.label(),
                    new Safe(f.required() ? " <span class=\"req\">*</span>" : ""),
                    input,
                    f.help()));
        }
        return format(
                "<form method=\"post\" action=\"/console/providers\" class=\"card\" id=\"add-form\">{}"
                        + "<input type=\"hidden\" name=\"type\" value=\"{}\">{}"
                        + "<button type=\"submit\" id=\"add\">Add as DRAFT</button></form>",
                csrf(session),
                type,
                Html.join(inputs));
    }

    static Safe detail(Sessions.Session session, ProviderDetail detail, TestReport report) {
        return detail(session, detail, report, List.of(), Map.of());
    }

    /** Fields of the add form that the Edit form leaves out: the name, the type's preset and the key (Update key). */
    private static final java.util.Set<String> NOT_EDITED = java.util.Set.of("name", "preset", "key", "type");

    /**
     * The provider's page; {@code editFields} are its type's form fields, offered for editing (empty: no Edit form),
     * {@code edited} what was typed into it when an edit was refused.
     */
    static Safe detail(
            Sessions.Session session,
            ProviderDetail detail,
            TestReport report,
            List<FormField> editFields,
            Map<String, String> edited) {
        ProviderRow r = detail.row();
        List<Safe> lines = new ArrayList<>();
        for (Map.Entry<String, String> line : detail.lines()) {
            lines.add(format("<tr><th>{}</th><td>{}</td></tr>", line.getKey(), line.getValue()));
        }
        String base = "/console/providers/" + r.name();
        Safe actions = format(
                "<div class=\"actions\">{}{}{}<a class=\"button danger\" id=\"remove\" href=\"{}/remove\">Remove…</a></div>",
                action(session, base + "/test", "Test", "test"),
                action(session, base + "/activate", "Activate", "activate"),
                action(session, base + "/deactivate", "Deactivate", "deactivate"),
                base);
        Safe key = format(
                "<h2>Update key</h2><form method=\"post\" action=\"{}/key\" class=\"card\">{}"
                        + "<label for=\"new-key\">New API key</label>"
                        + "<input id=\"new-key\" name=\"key\" type=\"password\" autocomplete=\"off\" required>"
                        + "<p class=\"help\">Stored encrypted under the service's master key; shown afterwards only"
                        + " as its fingerprint. The last test result is cleared.</p>"
                        + "<button type=\"submit\" id=\"update-key\">Update key</button></form>{}",
                base,
                csrf(session),
                editForm(session, base, editFields, edited));
        return format(
                "<p><span class=\"status {}\">{}</span> {} · last test: <span id=\"last-test\">{}</span></p>{}{}"
                        + "<h2>Configuration</h2><table class=\"detail\">{}</table>{}",
                r.status().toLowerCase(Locale.ROOT),
                r.status(),
                r.type(),
                r.lastTest(),
                actions,
                report == null ? new Safe("") : testReport(report),
                Html.join(lines),
                key);
    }

    /**
     * Edit: the fields {@code roocode providers update} changes, each empty; what is filled replaces that field (the
     * models replace the whole list), what is left empty is kept, as the command's flags.
     */
    static Safe editForm(Sessions.Session session, String base, List<FormField> fields, Map<String, String> values) {
        if (fields.isEmpty()) {
            return new Safe("");
        }
        List<Safe> inputs = new ArrayList<>();
        for (FormField f : fields) {
            if (NOT_EDITED.contains(f.name()) || f.kind() == FormField.Kind.SECRET) {
                continue;
            }
            String id = "e-" + f.name();
            String value = values.getOrDefault(f.name(), "");
            Safe input = f.kind() == FormField.Kind.LINES
                    ? format("<textarea id=\"{}\" name=\"{}\" rows=\"3\">{}</textarea>", id, f.name(), value)
                    : format("<input id=\"{}\" name=\"{}\" type=\"text\" value=\"{}\">", id, f.name(), value);
            inputs.add(
                    format("<label for=\"{}\">{}</label>{}<p class=\"help\">{}</p>", id, f.label(), input, f.help()));
        }
        return format(
                "<h2>Edit</h2><form method=\"post\" action=\"{}/update\" class=\"card\" id=\"edit-form\">{}"
                        + "<p class=\"help\">As <code>roocode providers update</code>: a field filled in replaces"
                        + " the current one (models: the whole list), an empty one is kept. Status and key are kept;"
                        + " the version goes up, so running workers restart with the new settings, and the last test"
                        + " is cleared.</p>{}<button type=\"submit\" id=\"update\">Update</button></form>",
                base,
                csrf(session),
                Html.join(inputs));
    }

    static Safe testReport(TestReport report) {
        List<Safe> steps = new ArrayList<>();
        for (TestStep s : report.steps()) {
            steps.add(format(
                    "<tr class=\"step {}\" data-step=\"{}\"><td>{}</td><td class=\"st\">{}</td><td>{}</td><td>{}</td></tr>{}",
                    s.status().toLowerCase(Locale.ROOT),
                    s.name(),
                    s.name(),
                    s.status(),
                    s.detail(),
                    s.millis() < 0 ? "" : s.millis() + " ms",
                    s.advice() == null
                            ? new Safe("")
                            : format(
                                    "<tr class=\"advice\" data-advice=\"{}\"><td></td><td colspan=\"3\">What to do: {}</td></tr>",
                                    s.name(),
                                    s.advice())));
        }
        return format(
                "<section id=\"test-result\" class=\"{}\"><h2>Test {}</h2><table class=\"steps\">"
                        + "<thead><tr><th>Step</th><th>Status</th><th>Detail</th><th>Time</th></tr></thead>"
                        + "<tbody>{}</tbody></table></section>",
                report.passed() ? "passed" : "failed",
                report.passed() ? "PASSED" : "FAILED",
                Html.join(steps));
    }

    static Safe confirmRemove(Sessions.Session session, String name, String notice) {
        return format(
                "<form method=\"post\" action=\"/console/providers/{}/remove\" class=\"card\">{}"
                        + "<p>Remove provider <strong>{}</strong>? Its worker stops and the router no longer chooses it;"
                        + " its dispatch topic is kept.</p><p id=\"queued\">{}</p>"
                        + "<button type=\"submit\" class=\"danger\" id=\"confirm-remove\">Remove {}</button>"
                        + " <a href=\"/console/providers/{}\">Cancel</a></form>",
                name,
                csrf(session),
                name,
                notice,
                name,
                name);
    }

    static Safe message(String text) {
        return format("<p>{}</p><p><a href=\"/console/providers\">Back to the providers</a></p>", text);
    }

    private static Safe action(Sessions.Session session, String url, String label, String id) {
        return format(
                "<form method=\"post\" action=\"{}\" class=\"inline\">{}<button type=\"submit\" id=\"{}\">{}</button></form>",
                url,
                csrf(session),
                id,
                label);
    }
}
