package dev.roocode.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.roocode.schemas.avro.Job;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
    private static final Schema SCHEMA = Job.getClassSchema();

    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Queue<Reply> replies = new ArrayDeque<>();

    record Recorded(
            String method, String rawPath, String contentType, String accept, String authorization, String body) {}

    record Reply(int status, String body) {}

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(new Recorded(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Accept"),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                Reply reply;
                synchronized (replies) {
                    reply = replies.isEmpty()
                            ? new Reply(500, "{\"error_code\":50001,\"message\":\"no reply scripted\"}")
                            : replies.poll();
                }
                byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
                exchange.sendResponseHeaders(reply.status(), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void reply(int status, String body) {
        synchronized (replies) {
            replies.add(new Reply(status, body));
        }
    }

    @Test
    void shouldRegisterWithTheConfluentMediaTypeAndAskOnlyOncePerSubjectAndSchema() {
        reply(200, "{\"id\":7}");
        SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(url());

        int first = client.register("roocode.jobs-value", SCHEMA);
        int second = client.register("roocode.jobs-value", SCHEMA);

        assertThat(first).isEqualTo(7);
        assertThat(second).isEqualTo(7);
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/subjects/roocode.jobs-value/versions");
            assertThat(r.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(r.accept()).startsWith("application/vnd.schemaregistry.v1+json");
            assertThat(r.body()).isEqualTo("{\"schema\":" + quoted(SCHEMA.toString()) + "}");
        });
    }

    @Test
    void shouldFetchASchemaByIdOnceAndServeItFromTheCacheAfterwards() {
        reply(200, "{\"schema\":" + quoted(SCHEMA.toString()) + "}");
        SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(url());

        assertThat(client.getById(3)).isEqualTo(SCHEMA);
        assertThat(client.getById(3)).isEqualTo(SCHEMA);
        assertThat(requests).singleElement().extracting(Recorded::rawPath).isEqualTo("/schemas/ids/3");
    }

    @Test
    void shouldReturnTheLatestVersionWithItsIdAndSchema() {
        reply(200, "{\"subject\":\"s\",\"version\":2,\"id\":5,\"schema\":" + quoted(SCHEMA.toString()) + "}");

        var latest = RestSchemaRegistryClient.forUrl(url()).latest("s");

        assertThat(latest).isEqualTo(new SchemaRegistryClient.RegisteredSchema("s", 2, 5, SCHEMA));
        assertThat(requests.get(0).rawPath()).isEqualTo("/subjects/s/versions/latest");
    }

    @Test
    void shouldRaiseAOneLineErrorNamingTheUrlAndTheConfluentCode() {
        reply(404, "{\"error_code\":40401,\"message\":\"Subject 'nope' not found.\"}");

        assertThatThrownBy(() -> RestSchemaRegistryClient.forUrl(url()).latest("nope"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessage("GET " + url() + "/subjects/nope/versions/latest: 40401 Subject 'nope' not found.");
    }

    @Test
    void shouldUseTheHttpStatusAsCodeWhenTheErrorBodyIsNotJson() {
        reply(503, "<html>busy</html>");

        assertThatThrownBy(() -> RestSchemaRegistryClient.forUrl(url()).getById(1))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(503))
                .hasMessageEndingWith(": 503 HTTP 503");
    }

    @Test
    void shouldRaise409WhenTheRegistryRejectsAnIncompatibleSchema() {
        reply(
                409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");

        assertThatThrownBy(() -> RestSchemaRegistryClient.forUrl(url()).register("s", SCHEMA))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(409));
    }

    @Test
    void shouldCheckCompatibilityAgainstTheLatestVersionAndTreatAnUnknownSubjectAsCompatible() {
        reply(200, "{\"is_compatible\":false}");
        reply(404, "{\"error_code\":40401,\"message\":\"Subject 'new' not found.\"}");
        SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(url());

        assertThat(client.isCompatible("s", SCHEMA)).isFalse();
        assertThat(client.isCompatible("new", SCHEMA)).isTrue();
        assertThat(requests.get(0).rawPath()).isEqualTo("/compatibility/subjects/s/versions/latest");
    }

    @Test
    void shouldSendBasicAuthFromUrlUserInfoButNeverPutCredentialsInMessages() {
        reply(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        String withUser = url().replace("http://", "http://alice:s3cret@");
        RestSchemaRegistryClient client = (RestSchemaRegistryClient) RestSchemaRegistryClient.forUrl(withUser);

        assertThatThrownBy(() -> client.getById(1))
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("alice");
        assertThat(client.url()).isEqualTo(url());
        assertThat(requests.get(0).authorization())
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldTakeUrlAndUserInfoFromConfluentStyleConfig() {
        reply(200, "{\"id\":1}");
        SchemaRegistryClient client = RestSchemaRegistryClient.fromConfig(Map.of(
                RestSchemaRegistryClient.SCHEMA_REGISTRY_URL_CONFIG,
                url() + "/, http://other:1",
                RestSchemaRegistryClient.BASIC_AUTH_USER_INFO_CONFIG,
                "bob:pw"));

        client.register("s", SCHEMA);

        assertThat(requests.get(0).rawPath()).isEqualTo("/subjects/s/versions");
        assertThat(requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldPercentEncodeSubjectsInThePath() {
        reply(200, "{\"id\":1}");

        RestSchemaRegistryClient.forUrl(url()).register("a b/c", SCHEMA);

        assertThat(requests.get(0).rawPath()).isEqualTo("/subjects/a%20b%2Fc/versions");
    }

    @Test
    void shouldSayTheRegistryIsUnreachableWhenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistryClient client =
                new RestSchemaRegistryClient("http://localhost:" + closedPort, null, Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.getById(1))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(-1))
                .hasMessageStartingWith("GET http://localhost:" + closedPort + "/schemas/ids/1: registry unreachable");
    }

    @Test
    void shouldRejectAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> RestSchemaRegistryClient.forUrl("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url");
    }

    private static String quoted(String text) {
        return new ObjectMapper().getNodeFactory().textNode(text).toString();
    }
}
