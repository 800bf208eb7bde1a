package dev.roocode.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.ApiServer;
import dev.roocode.api.Endpoints;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.StaticKeys;
import dev.roocode.api.http.Exchanges;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What POST /v1/batches refuses before it records anything; the cluster here is unreachable on purpose. */
class BatchesEndpointsTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private RoocodeClient client;
    private ApiServer server;

    @BeforeEach
    void start() {
        ApiConfig config = new ApiConfig(Map.of(
                "bootstrap.servers",
                "127.0.0.1:1",
                "schema.registry.url",
                "http://127.0.0.1:1",
                ApiConfig.FILES_DIR,
                dir.toString()));
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        client = new RoocodeClient(config.clientConfig(), registry);
        ApiContext context = new ApiContext(
                config,
                client,
                registry,
                new StaticKeys(Map.of("sk-a", new Caller("ka", "acme", false))),
                Clock.systemUTC());
        List<Function<ApiContext, Endpoints>> groups = List.of(BatchesEndpoints::new);
        server = ApiServer.start(context, "127.0.0.1", 0, groups);
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void shouldRefuseAnUnknownEndpointOrWindowWith400NamingTheParameter() throws Exception {
        HttpResponse<String> endpoint = post(
                "{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/images/generations\",\"completion_window\":\"24h\"}");
        HttpResponse<String> window =
                post("{\"input_file_id\":\"file-x\",\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"1h\"}");
        HttpResponse<String> missing = post("{\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"24h\"}");

        assertThat(endpoint.statusCode()).isEqualTo(400);
        assertThat(json(endpoint).at("/error/param").asText()).isEqualTo("endpoint");
        assertThat(json(endpoint).at("/error/message").asText()).contains("/v1/images/generations");
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(json(window).at("/error/param").asText()).isEqualTo("completion_window");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).at("/error/message").asText())
                .isEqualTo("Missing required parameter: 'input_file_id'.");
    }

    @Test
    void shouldAnswerAnUnknownInputFileWith404AsOpenAiNamesIt() throws Exception {
        HttpResponse<String> r = post(
                "{\"input_file_id\":\"file-nope\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("No such File object: file-nope");
        assertThat(json(r).at("/error/param").asText()).isEqualTo("input_file_id");
    }

    @Test
    void shouldAnswer503AndNotBeReadyUntilItHasReadItsBatchesFromTheCluster() throws Exception {
        HttpResponse<String> list = http.send(
                HttpRequest.newBuilder(uri("/v1/batches"))
                        .header("Authorization", "Bearer sk-a")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(list.statusCode()).isEqualTo(503);
        assertThat(json(list).at("/error/message").asText()).contains("starting");
        assertThat(server.ready()).isFalse();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/v1/batches"))
                        .header("Authorization", "Bearer sk-a")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Exchanges.JSON.readTree(r.body());
    }
}
