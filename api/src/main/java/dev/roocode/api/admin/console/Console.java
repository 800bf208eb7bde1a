package dev.roocode.api.admin.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.api.Access;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.Routes;
import dev.roocode.api.admin.ProviderAdmin;
import dev.roocode.api.admin.ProviderAdmin.ProviderDetail;
import dev.roocode.api.admin.ProviderAdmin.TestReport;
import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.api.admin.RouteAdmin.RouteForm;
import dev.roocode.api.admin.RouteAdmin.RouteView;
import dev.roocode.api.admin.console.BatchPages.BatchRow;
import dev.roocode.api.admin.console.Html.Safe;
import dev.roocode.api.auth.Authenticator;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.batches.BatchesEndpoints;
import dev.roocode.api.files.FileStore;
import dev.roocode.api.files.FilesEndpoints;
import dev.roocode.api.files.StoredFile;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import dev.roocode.schemas.avro.ApiBatch;
import dev.roocode.schemas.topic.Topics;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console under {@code /console}: pages rendered here on the same {@link ProviderAdmin} as the JSON admin
 * endpoints. Its routes are PUBLIC to the server's filter (a browser sends a cookie, not a bearer key); the console
 * authenticates itself: a session cookie ({@code HttpOnly; SameSite=Strict; Path=/console}) for an admin key checked
 * by the API's authenticator on every request, a per-session CSRF token in every form checked on every POST, and the
 * security headers of {@link #SECURITY_HEADERS} on every answer. An operation's error is a message on the page; any
 * other failure is a plain error page, never a stack trace.
 */
public final class Console {
    private static final Logger log = LoggerFactory.getLogger(Console.class);

    static final String COOKIE = "roocode_console";
    private static final String REFUSED =
            "This form was refused: its security token is missing or out of date. Reload the page and try again.";
    /** The largest form the console accepts. */
    static final int MAX_FORM_BYTES = 64 * 1024;

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            "X-Content-Type-Options",
            "nosniff",
            "Referrer-Policy",
            "no-referrer",
            "Cache-Control",
            "no-store");

    private final ProviderAdmin admin;
    private final FilesEndpoints files;
    private final BatchesEndpoints batches;
    private final Authenticator authenticator;
    private final Sessions sessions;
    private final boolean remoteAccess;
    private final byte[] css;
    private final byte[] chartsJs;
    private final byte[] uplotJs;
    private final byte[] uplotCss;
    private final MetricsHistory history;
    private final Clock clock;

    /**
     * @param remoteAccess whether requests from other machines are served ({@code api.console.remote.access}); when
     *                     false, only a loopback peer is, whatever interface the server binds
     */
    public Console(ProviderAdmin admin, Authenticator authenticator, Clock clock, boolean remoteAccess) {
        this(admin, null, null, authenticator, clock, remoteAccess);
    }

    /**
     * @param files        the server's Files group, which the batch upload runs (null: no batch pages)
     * @param batches      the server's Batches group, which the batch pages read and create on (null: none)
     * @param remoteAccess whether requests from other machines are served ({@code api.console.remote.access}); when
     *                     false, only a loopback peer is, whatever interface the server binds
     */
    public Console(
            ProviderAdmin admin,
            FilesEndpoints files,
            BatchesEndpoints batches,
            Authenticator authenticator,
            Clock clock,
            boolean remoteAccess) {
        this(admin, files, batches, authenticator, clock, remoteAccess, null);
    }

    /**
     * As the constructor above, with the charts and overview pages on {@code history} (null: they say that this
     * service keeps no metrics history).
     */
    public Console(
            ProviderAdmin admin,
            FilesEndpoints files,
            BatchesEndpoints batches,
            Authenticator authenticator,
            Clock clock,
            boolean remoteAccess,
            MetricsHistory history) {
        this.history = history;
        this.clock = clock;
        this.chartsJs = resource("charts.js");
        this.uplotJs = resource("vendor/uPlot.iife.min.js");
        this.uplotCss = resource("vendor/uPlot.min.css");
        this.admin = admin;
        this.files = files;
        this.batches = batches;
        this.authenticator = authenticator;
        this.sessions = new Sessions(clock);
        this.remoteAccess = remoteAccess;
        this.css = resource("console.css");
    }

    /** Whether a request from {@code peer} may use the console. */
    static boolean allowed(InetAddress peer, boolean remoteAccess) {
        return remoteAccess || (peer != null && peer.isLoopbackAddress());
    }

    /** A request's view: its session (null before sign-in) and its exchange. */
    private interface Page {
        void serve(HttpServerExchange exchange, Sessions.Session session) throws Exception;
    }

    public void register(Routes server) {
        // every console route, its stylesheet too, answers another machine only when remote access is on
        Routes routes = (method, template, access, route) -> server.add(method, template, access, (ex, caller) -> {
            if (allowed(peer(ex), remoteAccess)) {
                route.handle(ex, caller);
            } else {
                send(
                        ex,
                        403,
                        Pages.layout(
                                "Forbidden",
                                null,
                                null,
                                "The console answers this machine only; to serve it to others set "
                                        + ApiConfig.CONSOLE_REMOTE_ACCESS + "=true (over TLS).",
                                new Safe("")));
            }
        });
        routes.add(Methods.GET, "/console", Access.PUBLIC, (ex, c) -> redirect(ex, "/console/providers"));
        routes.add(Methods.GET, "/console/assets/console.css", Access.PUBLIC, (ex, c) -> {
            headers(ex);
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=3600");
            Exchanges.send(ex, 200, "text/css; charset=utf-8", css);
        });
        asset(routes, "/console/assets/charts.js", "text/javascript; charset=utf-8", chartsJs);
        asset(routes, "/console/assets/uPlot.iife.min.js", "text/javascript; charset=utf-8", uplotJs);
        asset(routes, "/console/assets/uPlot.min.css", "text/css; charset=utf-8", uplotCss);
        routes.add(Methods.GET, "/console/sign-in", Access.PUBLIC, (ex, c) -> {
            Sessions.Session session = sessions.find(cookie(ex));
            if (session != null && session.signedIn()) {
                redirect(ex, "/console/providers");
            } else {
                signInPage(ex, null, 200);
            }
        });
        routes.add(Methods.POST, "/console/sign-in", Access.PUBLIC, (ex, c) -> signIn(ex));
        post(routes, "/console/sign-out", (ex, s) -> {
            sessions.end(s);
            ex.getResponseHeaders()
                    .add(Headers.SET_COOKIE, COOKIE + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict");
            redirect(ex, "/console/sign-in");
        });
        get(
                routes,
                "/console/providers",
                (ex, s) -> page(ex, s, "Providers", null, Pages.providers(admin.list(), admin.types())));
        get(routes, "/console/new-provider", (ex, s) -> {
            String type = Exchanges.queryParam(ex, "type");
            type = type == null ? "openai-compatible" : type;
            page(ex, s, "Add " + type + " provider", null, Pages.addForm(s, type, admin.fields(type), Map.of()));
        });
        post(routes, "/console/providers", this::add);
        get(routes, "/console/providers/{name}", (ex, s) -> detail(ex, s, name(ex), null, null, 200));
        post(routes, "/console/providers/{name}/test", (ex, s) -> {
            TestReport report = admin.test(name(ex));
            detail(ex, s, name(ex), report, null, 200);
        });
        post(routes, "/console/providers/{name}/update", (ex, s) -> {
            String name = name(ex);
            Map<String, String> values = new HashMap<>(form(ex));
            values.remove("_csrf");
            values.remove("key");
            try {
                s.flash = admin.update(name, values);
            } catch (ApiException e) {
                if (e.status() == 404) {
                    throw e;
                }
                // the page again with the command's message and what was typed
                ProviderDetail shown = admin.get(name);
                page(
                        ex,
                        s,
                        name,
                        e.getMessage(),
                        Pages.detail(s, shown, null, admin.fields(shown.row().type()), values),
                        e.status());
                return;
            }
            redirect(ex, "/console/providers/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        });
        post(routes, "/console/providers/{name}/key", (ex, s) -> {
            String key = form(ex).get("key");
            after(ex, s, name(ex), () -> admin.updateKey(name(ex), key));
        });
        post(
                routes,
                "/console/providers/{name}/activate",
                (ex, s) -> after(ex, s, name(ex), () -> admin.activate(name(ex))));
        post(
                routes,
                "/console/providers/{name}/deactivate",
                (ex, s) -> after(ex, s, name(ex), () -> admin.deactivate(name(ex))));
        get(routes, "/console/providers/{name}/remove", (ex, s) -> {
            String name = name(ex);
            String notice = admin.removalNotice(name);
            page(ex, s, "Remove " + name, null, Pages.confirmRemove(s, name, notice));
        });
        post(routes, "/console/providers/{name}/remove", (ex, s) -> {
            String name = name(ex);
            s.flash = admin.remove(name);
            redirect(ex, "/console/providers");
        });
        registerBatches(routes);
        registerRoutes(routes);
        registerCharts(routes);
    }

    private static void asset(Routes routes, String path, String type, byte[] body) {
        routes.add(Methods.GET, path, Access.PUBLIC, (ex, c) -> {
            headers(ex);
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=3600");
            Exchanges.send(ex, 200, type, body);
        });
    }

    private void registerCharts(Routes routes) {
        get(routes, "/console/charts", (ex, s) -> {
            List<String> providers = new ArrayList<>(history().providers().keySet());
            page(ex, s, "Charts", null, ChartPages.charts(providers));
        });
        get(routes, "/console/charts/data", (ex, s) -> {
            headers(ex);
            Exchanges.sendJson(ex, 200, ChartPages.data(history(), unreachable()));
        });
        get(routes, "/console/overview", (ex, s) -> {
            Map<String, Double> budgets =
                    authenticator instanceof dev.roocode.api.auth.KeyRing ring ? ring.tenantBudgets() : null;
            Map<String, Double> caps = new java.util.TreeMap<>();
            try {
                for (RouteView r : admin.routes().list()) {
                    if (r.perTenant() != null) {
                        caps.put(r.model(), r.perTenant());
                    }
                }
            } catch (ApiException e) {
                // no route administration in this service (501) or the cluster unreachable: no caps shown
            }
            page(ex, s, "Overview", null, ChartPages.overview(history().tenants(), budgets, caps));
        });
    }

    private MetricsHistory history() {
        if (history == null) {
            throw new ApiException(
                    501,
                    "server_error",
                    null,
                    "not_implemented",
                    "This service keeps no metrics history, so the console has no charts.");
        }
        return history;
    }

    /** Whether the metrics feed has not heard from the broker lately: pages then say they show what was last read. */
    boolean unreachable() {
        return history != null && history.unreachable(clock.millis());
    }

    private void registerRoutes(Routes routes) {
        get(
                routes,
                "/console/routes",
                (ex, s) -> page(
                        ex, s, "Routes", null, RoutePages.list(admin.routes().list())));
        get(
                routes,
                "/console/new-route",
                (ex, s) -> page(ex, s, "New route", null, RoutePages.form(s, false, Map.of())));
        get(routes, "/console/routes/{model}", (ex, s) -> {
            RouteView route = admin.routes().get(Exchanges.pathParam(ex, "model"));
            page(ex, s, "Route " + route.model(), null, RoutePages.detail(s, route, RoutePages.values(route)));
        });
        post(routes, "/console/routes", this::saveRoute);
        get(routes, "/console/quote", (ex, s) -> page(ex, s, "Quote", null, BatchPages.quote(s, null, null)));
        routes.add(Methods.POST, "/console/quote", Access.PUBLIC, (ex, c) -> guarded(ex, this::quote, true, false));
    }

    /** The quote panel's upload: parsed as the batch upload is, planned by {@code roocode quote}'s code, not kept. */
    private void quote(HttpServerExchange ex, Sessions.Session s) throws IOException {
        String[] deadline = new String[1];
        RouteAdmin.Quote quote;
        try {
            quote = filesGroup().multipart(ex, "The quote form", "'file' and 'deadline'", form -> {
                if (!s.csrfMatches(field(form, "_csrf"))) {
                    throw new CsrfRefused();
                }
                deadline[0] = field(form, "deadline");
                FormData.FormValue file = form.getFirst("file");
                if (file == null || !file.isFileItem()) {
                    throw ApiException.invalidRequest("file", null, "Missing required parameter: 'file'.");
                }
                String name = file.getFileName() == null ? "upload.jsonl" : file.getFileName();
                return admin.routes().quote(file.getFileItem().getFile(), name, deadline[0]);
            });
        } catch (ApiException e) {
            if (e.status() >= 500) {
                throw e;
            }
            page(ex, s, "Quote", e.getMessage(), BatchPages.quote(s, deadline[0], null), e.status());
            return;
        }
        page(ex, s, "Quote", null, BatchPages.quote(s, deadline[0], quote));
    }

    /** The edit form, run as {@code roocode routes set} with the form's fields as its flags; its message on error. */
    private void saveRoute(HttpServerExchange ex, Sessions.Session s) throws IOException {
        Map<String, String> values = new HashMap<>(form(ex));
        values.remove("_csrf");
        String model = values.getOrDefault("model", "").trim();
        RouteForm form = new RouteForm(
                model,
                values.get("strategy"),
                lines(values.get("candidates")),
                lines(values.get("fallbacks")),
                lines(values.get("aliases")),
                values.get("maxAttempts"),
                values.get("perJob"),
                values.get("perBatch"),
                values.get("perTenant"),
                values.containsKey("fallbackOnRequestErrors"));
        try {
            s.flash = admin.routes().set(form);
            redirect(ex, RoutePages.url(model));
        } catch (ApiException e) {
            if (e.status() >= 500) {
                throw e;
            }
            RouteView existing = null;
            try {
                existing = model.isEmpty() ? null : admin.routes().get(model);
            } catch (ApiException notThere) {
                // a new route: the blank form again
            }
            Safe body = existing == null ? RoutePages.form(s, false, values) : RoutePages.detail(s, existing, values);
            page(ex, s, existing == null ? "New route" : "Route " + model, e.getMessage(), body, e.status());
        }
    }

    /** A text area's entries: one per line, trimmed, blank lines dropped. */
    static List<String> lines(String text) {
        return text == null
                ? List.of()
                : text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private void registerBatches(Routes routes) {
        get(routes, "/console/batches", (ex, s) -> {
            List<BatchRow> rows =
                    batches().all().stream().map(b -> row(b, false)).toList();
            page(
                    ex,
                    s,
                    "Batches",
                    null,
                    BatchPages.list(s, rows),
                    200,
                    rows.stream().anyMatch(BatchRow::running));
        });
        routes.add(Methods.POST, "/console/batches", Access.PUBLIC, (ex, c) -> guarded(ex, this::submit, true, false));
        get(routes, "/console/batches/{id}", (ex, s) -> {
            BatchRow row = row(batch(ex), true);
            page(ex, s, row.id(), null, BatchPages.detail(s, row, clock.instant()), 200, row.running());
        });
        post(routes, "/console/batches/{id}/cancel", (ex, s) -> {
            ApiBatch cancelled;
            try {
                cancelled = batches().cancel(batch(ex));
            } catch (ApiException e) {
                if (e.status() == 404) {
                    throw e;
                }
                // refused (a finished batch): its page with the API's message
                BatchRow row = row(batch(ex), true);
                page(ex, s, row.id(), e.getMessage(), BatchPages.detail(s, row, clock.instant()), e.status(), false);
                return;
            }
            s.flash = "Batch " + cancelled.getId() + " is " + cancelled.getStatus()
                    + ": its lines not answered yet are not sent and end in the error file.";
            redirect(ex, BatchPages.url(cancelled.getId()));
        });
        get(
                routes,
                "/console/batches/{id}/output",
                (ex, s) -> download(ex, batch(ex).getOutputFileId(), "output"));
        get(
                routes,
                "/console/batches/{id}/errors",
                (ex, s) -> download(ex, batch(ex).getErrorFileId(), "error"));
    }

    /**
     * The submit form: a multipart upload that POST /v1/files and POST /v1/batches run, through their own code, for
     * the tenant typed in the form. The CSRF token is a field of the multipart body, checked before anything is stored.
     */
    private void submit(HttpServerExchange ex, Sessions.Session s) throws IOException {
        FilesEndpoints upload = filesGroup();
        BatchesEndpoints group = batches();
        ApiBatch batch;
        try {
            batch = upload.multipart(ex, "The submit form", "'file', 'endpoint' and 'tenant'", form -> {
                if (!s.csrfMatches(field(form, "_csrf"))) {
                    throw new CsrfRefused();
                }
                String endpoint = field(form, "endpoint");
                String tenant = field(form, "tenant");
                tenant = tenant == null || tenant.isBlank() ? null : tenant.trim();
                if (tenant != null && !Topics.TENANT_NAME.matcher(tenant).matches()) {
                    throw ApiException.invalidRequest(
                            "tenant", null, "Bad tenant '" + tenant + "': 1 to 64 of a-z A-Z 0-9 _ -.");
                }
                StoredFile input =
                        upload.storeBatchInput(tenant == null ? FileStore.NO_TENANT : tenant, form.getFirst("file"));
                return group.create(
                        tenant, input.id(), endpoint == null ? "" : endpoint, "24h", Map.of("submitted_by", "console"));
            });
        } catch (ApiException e) {
            if (e.status() == 503) {
                throw e;
            }
            List<BatchRow> rows = group.all().stream().map(b -> row(b, false)).toList();
            page(ex, s, "Batches", e.getMessage(), BatchPages.list(s, rows), e.status(), false);
            return;
        }
        s.flash = "Submitted batch " + batch.getId() + " (" + batch.getEndpoint() + ", tenant "
                + (batch.getTenant() == null ? "(none)" : batch.getTenant()) + ").";
        redirect(ex, BatchPages.url(batch.getId()));
    }

    private static String field(FormData form, String name) {
        FormData.FormValue value = form.getFirst(name);
        return value == null || value.isFileItem() ? null : value.getValue();
    }

    /** Serves a batch's output or error file under the session (no bearer key), from the Files group's store. */
    private void download(HttpServerExchange ex, String fileId, String kind) throws IOException {
        ApiBatch batch = batch(ex);
        if (fileId == null) {
            throw ApiException.notFound("id", "Batch " + batch.getId() + " has no " + kind + " file.");
        }
        String tenant = batch.getTenant() == null ? FileStore.NO_TENANT : batch.getTenant();
        StoredFile file = filesGroup()
                .find(tenant, fileId)
                .orElseThrow(() -> ApiException.notFound("id", "The " + kind + " file " + fileId + " is gone."));
        headers(ex);
        ex.getResponseHeaders()
                .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + batch.getId() + "_" + kind + ".jsonl\"");
        filesGroup().sendContent(ex, file);
    }

    private ApiBatch batch(HttpServerExchange ex) {
        String id = Exchanges.pathParam(ex, "id");
        return batches().get(id).orElseThrow(() -> ApiException.notFound("id", "No batch found with id '" + id + "'."));
    }

    /** A batch as the pages show it; {@code detailed}: with its failures by reason (read from its error file). */
    private BatchRow row(ApiBatch b, boolean detailed) {
        long[] counts = batches.counts(b);
        Instant finished = b.getCompletedAt() != null
                ? b.getCompletedAt()
                : b.getFailedAt() != null
                        ? b.getFailedAt()
                        : b.getExpiredAt() != null ? b.getExpiredAt() : b.getCancelledAt();
        return new BatchRow(
                b.getId(),
                b.getTenant(),
                b.getEndpoint(),
                b.getStatus(),
                counts[0],
                counts[1],
                counts[2],
                b.getCreatedAt(),
                finished,
                b.getInputFileId(),
                b.getOutputFileId(),
                b.getErrorFileId(),
                errorLines(b.getErrorsJson()),
                BatchesEndpoints.unfinished(b),
                b.getInProgressAt(),
                history == null ? null : history.batch(b.getId()),
                detailed ? failures(b) : Map.of(),
                BatchesEndpoints.cancellable(b));
    }

    private Map<String, Long> failures(ApiBatch b) {
        try {
            return batches.failuresByReason(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OpenAI's errors object of a failed validation as one line per error ("line 3: message"). */
    static List<String> errorLines(String errorsJson) {
        if (errorsJson == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try {
            for (JsonNode e : Exchanges.JSON.readTree(errorsJson).path("data")) {
                String message = e.path("message").asText("");
                lines.add(e.hasNonNull("line") ? "line " + e.get("line").asText() + ": " + message : message);
            }
        } catch (IOException e) {
            lines.add("(unreadable: " + e.getMessage() + ")");
        }
        return lines;
    }

    private BatchesEndpoints batches() {
        if (batches == null) {
            throw new ApiException(501, "server_error", null, "not_implemented", NO_BATCHES);
        }
        return batches;
    }

    private FilesEndpoints filesGroup() {
        if (files == null) {
            throw new ApiException(501, "server_error", null, "not_implemented", NO_BATCHES);
        }
        return files;
    }

    static final String NO_BATCHES =
            "This service does not serve the Files and Batches API, so the console has no batches.";

    /** A multipart form without the session's token: refused before anything is stored. */
    private static final class CsrfRefused extends RuntimeException {
        CsrfRefused() {
            super("CSRF token missing or wrong", null, false, false);
        }
    }

    private void add(HttpServerExchange ex, Sessions.Session s) throws IOException {
        Map<String, String> values = new HashMap<>(form(ex));
        values.remove("_csrf");
        String key = values.remove("key");
        String type = values.getOrDefault("type", "openai-compatible");
        try {
            s.flash = admin.add(values, key);
            redirect(
                    ex,
                    "/console/providers/" + URLEncoder.encode(values.getOrDefault("name", ""), StandardCharsets.UTF_8));
        } catch (ApiException e) {
            // the form again with what was typed (never the key) and the CLI's message
            page(
                    ex,
                    s,
                    "Add " + type + " provider",
                    e.getMessage(),
                    Pages.addForm(s, type, admin.fields(type), values),
                    e.status());
        }
    }

    /** Runs a state change, then shows the provider with its one-line outcome (or its error). */
    private void after(HttpServerExchange ex, Sessions.Session s, String name, Supplier<String> op) {
        String outcome;
        try {
            outcome = op.get();
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw e;
            }
            detail(ex, s, name, null, e.getMessage(), e.status());
            return;
        }
        s.flash = outcome;
        redirect(ex, "/console/providers/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    private void detail(
            HttpServerExchange ex, Sessions.Session s, String name, TestReport report, String error, int status) {
        ProviderDetail shown = admin.get(name);
        page(
                ex,
                s,
                name,
                error,
                Pages.detail(s, shown, report, admin.fields(shown.row().type()), Map.of()),
                status);
    }

    private void get(Routes routes, String template, Page page) {
        routes.add(Methods.GET, template, Access.PUBLIC, (ex, c) -> guarded(ex, page, false));
    }

    private void post(Routes routes, String template, Page page) {
        routes.add(Methods.POST, template, Access.PUBLIC, (ex, c) -> guarded(ex, page, true, true));
    }

    private void guarded(HttpServerExchange ex, Page page, boolean post) {
        guarded(ex, page, post, post);
    }

    /**
     * The session check (else the sign-in page), the CSRF check of a POST (else 403), and the error pages: an
     * operation's {@link ApiException} is its message on a page, anything else a plain 500 page (and the log).
     */
    private void guarded(HttpServerExchange ex, Page page, boolean post, boolean checkFormToken) {
        Sessions.Session session = null;
        try {
            session = sessions.find(cookie(ex));
            if (session == null || !session.signedIn() || !stillValid(ex, session)) {
                if (post) {
                    forbidden(ex, session, "Your session has ended: sign in again.");
                } else {
                    redirect(ex, "/console/sign-in");
                }
                return;
            }
            if (checkFormToken && !session.csrfMatches(form(ex).get("_csrf"))) {
                forbidden(ex, session, REFUSED);
                return;
            }
            page.serve(ex, session);
        } catch (CsrfRefused e) {
            forbidden(ex, session, REFUSED);
        } catch (ApiException e) {
            page(
                    ex,
                    session,
                    e.status() == 404 ? "Not found" : "Error",
                    e.getMessage(),
                    Pages.message("The operation did not complete."),
                    e.status());
        } catch (Exception | Error e) {
            log.error("console {} {} failed", ex.getRequestMethod(), ex.getRequestPath(), e);
            page(
                    ex,
                    session,
                    "Error",
                    "The console had an error while processing your request." + " The service log has the details.",
                    Pages.message("Nothing was shown of it here."),
                    500);
        }
    }

    /** Whether the session's key is still an admin key (a revoked or demoted key ends the session). */
    private boolean stillValid(HttpServerExchange ex, Sessions.Session session) {
        try {
            Caller caller = authenticator.authenticate(session.key, peer(ex));
            if (caller.admin()) {
                return true;
            }
        } catch (ApiException e) {
            if (e.status() == 429) {
                throw e;
            }
        }
        sessions.end(session);
        return false;
    }

    private void signInPage(HttpServerExchange ex, String error, int status) {
        Sessions.Session session = sessions.find(cookie(ex));
        if (session == null || session.signedIn()) {
            session = sessions.anonymous();
            setCookie(ex, session);
        }
        send(ex, status, Pages.layout("Sign in", null, null, error, Pages.signIn(session)));
    }

    private void signIn(HttpServerExchange ex) throws IOException {
        Sessions.Session anonymous = sessions.find(cookie(ex));
        Map<String, String> form = form(ex);
        if (anonymous == null || !anonymous.csrfMatches(form.get("_csrf"))) {
            // a sign-in form needs its own token too, so another site cannot sign a browser into an attacker's session
            forbidden(
                    ex,
                    null,
                    "This form was refused: its security token is missing or out of date."
                            + " Reload the page and try again.");
            return;
        }
        String key = form.get("key");
        Caller caller;
        try {
            caller = authenticator.authenticate(key == null || key.isBlank() ? null : key.trim(), peer(ex));
        } catch (ApiException e) {
            signInPage(
                    ex,
                    e.status() == 429 ? e.getMessage() : "That key was not accepted.",
                    e.status() == 429 ? 429 : 401);
            return;
        }
        if (!caller.admin()) {
            signInPage(ex, "That key is not an admin key: the console needs one.", 403);
            return;
        }
        Sessions.Session session = sessions.signIn(anonymous, key.trim(), caller);
        setCookie(ex, session);
        redirect(ex, "/console/providers");
    }

    private void forbidden(HttpServerExchange ex, Sessions.Session session, String message) {
        send(ex, 403, Pages.layout("Forbidden", session, null, message, format403()));
    }

    private static Safe format403() {
        return Html.format("<p><a href=\"/console/providers\">Back to the console</a></p>");
    }

    private void page(HttpServerExchange ex, Sessions.Session s, String title, String error, Safe body) {
        page(ex, s, title, error, body, 200);
    }

    private void page(HttpServerExchange ex, Sessions.Session s, String title, String error, Safe body, int status) {
        page(ex, s, title, error, body, status, false);
    }

    private void page(
            HttpServerExchange ex,
            Sessions.Session s,
            String title,
            String error,
            Safe body,
            int status,
            boolean refresh) {
        String flash = s == null ? null : s.takeFlash();
        Safe shown = s != null && s.signedIn() && unreachable() ? Html.format("{}{}", ChartPages.banner(), body) : body;
        send(ex, status, Pages.layout(title, s, flash, error, shown, refresh));
    }

    private static void send(HttpServerExchange ex, int status, Safe html) {
        headers(ex);
        Exchanges.send(ex, status, "text/html; charset=utf-8", html.html().getBytes(StandardCharsets.UTF_8));
    }

    private static void redirect(HttpServerExchange ex, String location) {
        headers(ex);
        ex.getResponseHeaders().put(Headers.LOCATION, location);
        Exchanges.send(ex, 303, "text/plain; charset=utf-8", new byte[0]);
    }

    static void headers(HttpServerExchange ex) {
        SECURITY_HEADERS.forEach((name, value) -> ex.getResponseHeaders().put(HttpString.tryFromString(name), value));
    }

    private static void setCookie(HttpServerExchange ex, Sessions.Session session) {
        ex.getResponseHeaders()
                .add(Headers.SET_COOKIE, COOKIE + "=" + session.id + "; Path=/console; HttpOnly; SameSite=Strict");
    }

    /** The form of this request, read once (the CSRF check and the page share it). */
    private static Map<String, String> form(HttpServerExchange ex) throws IOException {
        Form form = ex.getAttachment(FORM);
        if (form == null) {
            form = new Form(FormBody.parse(Exchanges.readBody(ex, MAX_FORM_BYTES)));
            ex.putAttachment(FORM, form);
        }
        return form.values();
    }

    /** The parsed form of a request (a record type, so that the key is typed without an unchecked cast). */
    private record Form(Map<String, String> values) {}

    private static final AttachmentKey<Form> FORM = AttachmentKey.create(Form.class);

    static String cookie(HttpServerExchange ex) {
        for (String header : ex.getRequestHeaders().get(Headers.COOKIE) == null
                ? List.<String>of()
                : ex.getRequestHeaders().get(Headers.COOKIE)) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static String name(HttpServerExchange ex) {
        return Exchanges.pathParam(ex, "name");
    }

    private static InetAddress peer(HttpServerExchange ex) {
        InetSocketAddress peer = ex.getSourceAddress();
        return peer == null ? null : peer.getAddress();
    }

    private static byte[] resource(String name) {
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
