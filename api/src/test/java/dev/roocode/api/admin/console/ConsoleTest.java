package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.ApiServer;
import dev.roocode.api.admin.AdminEndpoints;
import dev.roocode.api.admin.ProviderAdmin;
import dev.roocode.api.admin.ProviderAdminFactory;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.http.ApiException;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console over real HTTP on a {@link ProviderAdmin} of this test (no cluster): sessions, CSRF, headers, escaping. */
class ConsoleTest {
    private static final String XSS = "<script>alert(1)</script>";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Caller> keys = new ConcurrentHashMap<>(
            Map.of("sk-user", new Caller("k1", "acme", false), "sk-admin", new Caller("k0", null, true)));
    private RoocodeClient client;
    private ApiServer server;

    private void start(ProviderAdminFactory factory) {
        start(factory, Clock.systemUTC());
    }

    private void start(ProviderAdminFactory factory, Clock clock) {
        ApiConfig config =
                new ApiConfig(Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "http://127.0.0.1:1"));
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        client = new RoocodeClient(config.clientConfig(), registry);
        ApiContext context = new ApiContext(
                config,
                client,
                registry,
                (key, address) -> {
                    Caller caller = key == null ? null : keys.get(key);
                    if (caller == null) {
                        throw ApiException.unauthorized("Incorrect API key provided.");
                    }
                    return caller;
                },
                clock);
        server = ApiServer.start(context, "127.0.0.1", 0, List.of(c -> new AdminEndpoints(c, factory)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void shouldSendTheSecurityHeadersOnEveryPage() throws Exception {
        start(c -> new FakeAdmin());
        String cookie = signIn("sk-admin");
        List<HttpResponse<String>> pages = List.of(
                get("/console/sign-in", null),
                get("/console/providers", cookie),
                get("/console/providers/" + "p1", cookie),
                get("/console/assets/console.css", null),
                post("/console/providers/p1/activate", cookie, Map.of()));
        for (HttpResponse<String> page : pages) {
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .as(page.uri().toString())
                    .hasValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                            + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
        assertThat(pages.get(1).headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void shouldSetAnHttpOnlyStrictSessionCookieOnTheConsolePathAndANewOneOnSignIn() throws Exception {
        start(c -> new FakeAdmin());
        HttpResponse<String> form = get("/console/sign-in", null);
        String before = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(before).contains("; Path=/console; HttpOnly; SameSite=Strict");

        HttpResponse<String> signedIn =
                post("/console/sign-in", cookieOf(before), Map.of("_csrf", csrf(form.body()), "key", "sk-admin"));

        assertThat(signedIn.statusCode()).isEqualTo(303);
        String after = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(after).contains("; Path=/console; HttpOnly; SameSite=Strict");
        assertThat(cookieOf(after)).isNotEqualTo(cookieOf(before));
        assertThat(get("/console/providers", cookieOf(before)).statusCode())
                .as("the id from before sign-in does not sign in")
                .isEqualTo(303);
        assertThat(signedIn.body()).doesNotContain("sk-admin");
    }

    @Test
    void shouldRefuseAPostWithoutOrWithAWrongCsrfTokenAndNotRunIt() throws Exception {
        start(c -> new FakeAdmin());
        String cookie = signIn("sk-admin");

        HttpResponse<String> without = post("/console/providers/p1/activate", cookie, Map.of());
        HttpResponse<String> wrong = post("/console/providers/p1/activate", cookie, Map.of("_csrf", "forged"));

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(without.body()).contains("security token is missing or out of date");
        assertThat(calls).doesNotContain("activate p1");

        String token = csrf(get("/console/providers/p1", cookie).body());
        assertThat(post("/console/providers/p1/activate", cookie, Map.of("_csrf", token))
                        .statusCode())
                .isEqualTo(303);
        assertThat(calls).contains("activate p1");
    }

    @Test
    void shouldEditAProvidersFieldsThroughTheOperationAndShowItsMessageWhenRefused() throws Exception {
        start(c -> new FakeAdmin());
        String cookie = signIn("sk-admin");
        String page = get("/console/providers/p1", cookie).body();
        assertThat(page)
                .contains("id=\"edit-form\"")
                .contains("action=\"/console/providers/p1/update\"")
                .contains("<textarea id=\"e-models\" name=\"models\" rows=\"3\"></textarea>")
                .doesNotContain("id=\"e-name\"")
                .doesNotContain("id=\"e-key\"");

        HttpResponse<String> forged = post("/console/providers/p1/update", cookie, Map.of("rpm", "60"));
        HttpResponse<String> refused = post(
                "/console/providers/p1/update",
                cookie,
                Map.of("_csrf", csrf(page), "rpm", "0", "models", "<b>m</b>", "key", "sk-never-shown"));
        HttpResponse<String> done =
                post("/console/providers/p1/update", cookie, Map.of("_csrf", csrf(page), "rpm", "60", "endpoint", ""));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("command line: rpm must be at least 1")
                .contains("&lt;b&gt;m&lt;/b&gt;</textarea>")
                .doesNotContain("sk-never-shown");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(calls).containsExactly("update p1 {endpoint=, rpm=60}");
        assertThat(get("/console/providers/p1", cookie).body())
                .contains("Updated provider p1 to version 2 (DRAFT), key: none");
    }

    @Test
    void shouldRefuseASignInWithoutTheFormsTokenOrWithAKeyThatIsNotAnAdminKey() throws Exception {
        start(c -> new FakeAdmin());
        HttpResponse<String> form = get("/console/sign-in", null);
        String anonymous = cookieOf(form.headers().firstValue("Set-Cookie").orElseThrow());

        assertThat(post("/console/sign-in", anonymous, Map.of("key", "sk-admin"))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> user =
                post("/console/sign-in", anonymous, Map.of("_csrf", csrf(form.body()), "key", "sk-user"));
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.body()).contains("not an admin key").doesNotContain("sk-user");
        HttpResponse<String> unknown =
                post("/console/sign-in", anonymous, Map.of("_csrf", csrf(form.body()), "key", "sk-nope"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("That key was not accepted.").doesNotContain("sk-nope");
    }

    @Test
    void shouldEndTheSessionWhenItsKeyIsRevokedOrNoLongerAnAdminKey() throws Exception {
        start(c -> new FakeAdmin());
        String revoked = signIn("sk-admin");
        keys.put("sk-other-admin", new Caller("k2", null, true));
        String demoted = signIn("sk-other-admin");

        keys.remove("sk-admin");
        keys.put("sk-other-admin", new Caller("k2", "acme", false));

        for (String cookie : List.of(revoked, demoted)) {
            HttpResponse<String> r = get("/console/providers", cookie);
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue("/console/sign-in");
        }
    }

    @Test
    void shouldSendAPageWithoutASessionToSignIn() throws Exception {
        start(c -> new FakeAdmin());
        HttpResponse<String> r = get("/console/providers", null);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/console/sign-in");
    }

    @Test
    void shouldRenderEveryValueAndErrorMessageAsText() throws Exception {
        start(c -> new FakeAdmin());
        String cookie = signIn("sk-admin");

        String list = get("/console/providers", cookie).body();
        assertThat(list).contains("<th>p99</th>").contains("<td class=\"p99\">41 ms</td>");
        assertThat(list).contains("<th>Req/s</th>").contains("<td class=\"req-per-sec\">2.5</td>");
        String detail = get("/console/providers/p1", cookie).body();
        HttpResponse<String> refused = post(
                "/console/providers",
                cookie,
                Map.of("_csrf", csrf(list), "type", "openai-compatible", "name", XSS, "models", XSS));

        for (String page : List.of(list, detail, refused.body())) {
            assertThat(page).doesNotContain(XSS).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .as("the form comes back with the message and what was typed")
                .contains("class=\"error\"")
                .contains("id=\"add-form\"");
    }

    @Test
    void shouldShowAnOperationsErrorOnThePageAndAFailureWithoutItsInternals() throws Exception {
        start(c -> new FakeAdmin());
        String cookie = signIn("sk-admin");

        HttpResponse<String> missing = get("/console/providers/nope", cookie);
        HttpResponse<String> boom = get("/console/providers/boom", cookie);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no provider &#39;nope&#39;").contains("<html");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body())
                .contains("service log")
                .doesNotContain("internal detail")
                .doesNotContain("at dev.");
    }

    @Test
    void shouldAnswerAClearErrorWithoutAnImplementationOnTheClassPath() throws Exception {
        start(null);
        HttpResponse<String> json = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/v1/providers"))
                        .header("Authorization", "Bearer sk-admin")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(501);
        assertThat(json.body()).contains("Provider administration is not available in this service");

        String cookie = signIn("sk-admin");
        HttpResponse<String> page = get("/console/providers", cookie);
        assertThat(page.statusCode()).isEqualTo(501);
        assertThat(page.body()).contains("Provider administration is not available in this service");
    }

    @Test
    void shouldAnswerAClearErrorForBatchesAndRoutesWhenTheServiceHasNeither() throws Exception {
        start(null);
        String cookie = signIn("sk-admin");

        HttpResponse<String> batches = get("/console/batches", cookie);
        HttpResponse<String> routes = get("/console/routes", cookie);
        HttpResponse<String> download = get("/console/batches/batch_1/output", cookie);

        assertThat(batches.statusCode()).isEqualTo(501);
        assertThat(batches.body()).contains("This service does not serve the Files and Batches API");
        assertThat(download.statusCode()).isEqualTo(501);
        assertThat(routes.statusCode()).isEqualTo(501);
        assertThat(routes.body()).contains("Route administration is not available in this service");
    }

    @Test
    void shouldServeTheJsonEndpointsToAdminKeysOnly() throws Exception {
        start(c -> new FakeAdmin());
        HttpResponse<String> user = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/v1/providers"))
                        .header("Authorization", "Bearer sk-user")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> admin = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/admin/v1/providers"))
                        .header("Authorization", "Bearer sk-admin")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"name\":\"p1\"").contains("\"status\":\"DRAFT\"");
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldShowWhatWasLastReadUnderABannerWhenTheBrokerHasNotAnsweredForAWhile() throws Exception {
        MovableClock clock = new MovableClock();
        start(c -> new FakeAdmin(), clock); // its broker, 127.0.0.1:1, never answers
        String cookie = signIn("sk-admin");
        HttpResponse<String> fresh = get("/console/providers", cookie);
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).doesNotContain("not reachable");

        clock.advance(Duration.ofSeconds(20));
        HttpResponse<String> stale = get("/console/providers", cookie);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body())
                .contains("The Kafka cluster is not reachable: showing what was last read.")
                .contains("id=\"providers\"");
        HttpResponse<String> charts = get("/console/charts", cookie);
        assertThat(charts.statusCode()).isEqualTo(200);
        assertThat(charts.body()).contains("not reachable").contains("/console/assets/charts.js");
        HttpResponse<String> data = get("/console/charts/data", cookie);
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.body()).contains("\"reachable\":false");
        HttpResponse<String> overview = get("/console/overview", cookie);
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("not reachable").contains("No tenant has spent anything yet");
    }

    @Test
    void shouldServeOnlyThisMachineUnlessRemoteAccessIsOn() throws Exception {
        InetAddress remote = InetAddress.getByName("192.0.2.7");
        assertThat(Console.allowed(InetAddress.getLoopbackAddress(), false)).isTrue();
        assertThat(Console.allowed(InetAddress.getByName("::1"), false)).isTrue();
        assertThat(Console.allowed(remote, false)).isFalse();
        assertThat(Console.allowed(null, false)).isFalse();
        assertThat(Console.allowed(remote, true)).isTrue();
    }

    private String signIn(String key) throws Exception {
        HttpResponse<String> form = get("/console/sign-in", null);
        String anonymous = cookieOf(form.headers().firstValue("Set-Cookie").orElseThrow());
        HttpResponse<String> r = post("/console/sign-in", anonymous, Map.of("_csrf", csrf(form.body()), "key", key));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return cookieOf(r.headers().firstValue("Set-Cookie").orElseThrow());
    }

    private static String cookieOf(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in %s", html).isTrue();
        return m.group(1);
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Provider p1 (with a model named like a script), nope unknown, boom failing unexpectedly. */
    private final class FakeAdmin implements ProviderAdmin {
        private ProviderRow row() {
            return new ProviderRow(
                    "p1",
                    "openai-compatible",
                    "DRAFT",
                    1,
                    "http://h/v1",
                    "encrypted  fp",
                    "never",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-");
        }

        @Override
        public List<String> types() {
            return List.of("openai-compatible");
        }

        @Override
        public List<FormField> fields(String type) {
            return List.of(
                    new FormField("name", "Name", FormField.Kind.TEXT, true, null, "a name"),
                    new FormField("key", "API key", FormField.Kind.SECRET, false, null, "the key"),
                    new FormField("models", "Models", FormField.Kind.LINES, true, null, "one per line"));
        }

        @Override
        public List<ProviderRow> list() {
            ProviderRow r = row();
            return List.of(
                    r,
                    new ProviderRow(
                            "p2",
                            "openai-compatible",
                            "ACTIVE",
                            1,
                            "http://h/v1",
                            "none",
                            "FAILED x: " + XSS,
                            XSS,
                            "2.5",
                            "CLOSED",
                            "0.0%",
                            "3 ms",
                            "41 ms"));
        }

        @Override
        public ProviderDetail get(String name) {
            if (name.equals("boom")) {
                throw new IllegalStateException("internal detail");
            }
            if (!name.equals("p1")) {
                throw ApiException.notFound("name", "no provider '" + name + "'");
            }
            return new ProviderDetail(row(), List.of(Map.entry("model", XSS + " -> x")));
        }

        @Override
        public String add(Map<String, String> fields, String apiKey) {
            throw ApiException.invalidRequest(
                    null, null, "console: provider name '" + fields.get("name") + "' may hold only letters");
        }

        @Override
        public String updateKey(String name, String apiKey) {
            calls.add("key " + name);
            return "updated";
        }

        @Override
        public String update(String name, Map<String, String> fields) {
            if ("0".equals(fields.get("rpm"))) {
                throw ApiException.invalidRequest("rpm", null, "command line: rpm must be at least 1");
            }
            calls.add("update " + name + " " + new java.util.TreeMap<>(fields));
            return "Updated provider " + name + " to version 2 (DRAFT), key: none";
        }

        @Override
        public TestReport test(String name) {
            calls.add("test " + name);
            return new TestReport(name, true, List.of());
        }

        @Override
        public String activate(String name) {
            calls.add("activate " + name);
            return "Provider " + name + " is ACTIVE";
        }

        @Override
        public String deactivate(String name) {
            calls.add("deactivate " + name);
            return "inactive";
        }

        @Override
        public String removalNotice(String name) {
            return "No jobs are queued for " + name + ".";
        }

        @Override
        public String remove(String name) {
            calls.add("remove " + name);
            return "Removed provider " + name;
        }
    }
}
