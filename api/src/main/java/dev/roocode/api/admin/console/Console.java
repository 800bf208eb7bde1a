package dev.roocode.api.admin.console;

import dev.roocode.api.Access;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.Routes;
import dev.roocode.api.admin.ProviderAdmin;
import dev.roocode.api.admin.ProviderAdmin.TestReport;
import dev.roocode.api.admin.console.Html.Safe;
import dev.roocode.api.auth.Authenticator;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import io.undertow.server.HttpServerExchange;
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
    private final Authenticator authenticator;
    private final Sessions sessions;
    private final boolean remoteAccess;
    private final byte[] css;

    /**
     * @param remoteAccess whether requests from other machines are served ({@code api.console.remote.access}); when
     *                     false, only a loopback peer is, whatever interface the server binds
     */
    public Console(ProviderAdmin admin, Authenticator authenticator, Clock clock, boolean remoteAccess) {
        this.admin = admin;
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
        page(ex, s, name, error, Pages.detail(s, admin.get(name), report), status);
    }

    private void get(Routes routes, String template, Page page) {
        routes.add(Methods.GET, template, Access.PUBLIC, (ex, c) -> guarded(ex, page, false));
    }

    private void post(Routes routes, String template, Page page) {
        routes.add(Methods.POST, template, Access.PUBLIC, (ex, c) -> guarded(ex, page, true));
    }

    /**
     * The session check (else the sign-in page), the CSRF check of a POST (else 403), and the error pages: an
     * operation's {@link ApiException} is its message on a page, anything else a plain 500 page (and the log).
     */
    private void guarded(HttpServerExchange ex, Page page, boolean post) {
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
            if (post && !session.csrfMatches(form(ex).get("_csrf"))) {
                forbidden(
                        ex,
                        session,
                        "This form was refused: its security token is missing or out of date."
                                + " Reload the page and try again.");
                return;
            }
            page.serve(ex, session);
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
        String flash = s == null ? null : s.takeFlash();
        send(ex, status, Pages.layout(title, s, flash, error, body));
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
