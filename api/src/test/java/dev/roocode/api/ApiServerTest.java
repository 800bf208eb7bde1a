package dev.roocode.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.StaticKeys;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import io.undertow.util.Methods;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private RoocodeClient client;
    private ApiServer server;

    @BeforeEach
    void start() {
        ApiConfig config =
                new ApiConfig(Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "http://127.0.0.1:1"));
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        client = new RoocodeClient(config.clientConfig(), registry);
        ApiContext context = new ApiContext(
                config,
                client,
                registry,
                new StaticKeys(
                        Map.of("sk-user", new Caller("k1", "acme", false), "sk-admin", new Caller("k0", null, true))),
                Clock.systemUTC());
        Function<ApiContext, Endpoints> group = c -> routes -> {
            routes.add(
                    Methods.GET,
                    "/v1/whoami",
                    Access.KEY,
                    (exchange, caller) -> Exchanges.sendJson(exchange, 200, Map.of("tenant", caller.tenant())));
            routes.add(
                    Methods.GET,
                    "/v1/admin-only",
                    Access.ADMIN,
                    (exchange, caller) -> Exchanges.sendJson(exchange, 200, Map.of("ok", true)));
            routes.add(Methods.GET, "/v1/boom", Access.KEY, (exchange, caller) -> {
                throw new IllegalStateException("secret internals");
            });
            routes.add(Methods.GET, "/v1/limited", Access.KEY, (exchange, caller) -> {
                throw ApiException.rateLimited("slow down", 7);
            });
        };
        server = ApiServer.start(context, "127.0.0.1", 0, List.of(group));
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void answersAnAuthenticatedCallerWithItsTenant() throws Exception {
        HttpResponse<String> r = get("/v1/whoami", "sk-user");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("tenant").asText()).isEqualTo("acme");
    }

    @Test
    void refusesAMissingOrWrongKeyWithOpenAisShape() throws Exception {
        for (String key : new String[] {null, "sk-wrong"}) {
            HttpResponse<String> r = get("/v1/whoami", key);
            assertThat(r.statusCode()).isEqualTo(401);
            JsonNode error = json(r).get("error");
            assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
            assertThat(error.has("param")).isTrue();
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void keepsAdminRoutesFromOtherKeys() throws Exception {
        assertThat(get("/v1/admin-only", "sk-user").statusCode()).isEqualTo(403);
        assertThat(get("/v1/admin-only", "sk-admin").statusCode()).isEqualTo(200);
    }

    @Test
    void answersUnknownUrlsAndFailuresWithoutInternals() throws Exception {
        HttpResponse<String> unknown = get("/v1/nope", "sk-user");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").get("message").asText()).startsWith("Unknown request URL: GET /v1/nope");
        HttpResponse<String> boom = get("/v1/boom", "sk-user");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).doesNotContain("secret internals");
        HttpResponse<String> limited = get("/v1/limited", "sk-user");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
    }

    @Test
    void servesHealthWithoutAKey() throws Exception {
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Exchanges.JSON.readTree(r.body());
    }
}
