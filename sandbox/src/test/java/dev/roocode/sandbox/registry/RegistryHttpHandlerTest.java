package dev.roocode.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST surface over an in-memory store: routes, media type, Confluent error shapes. */
class RegistryHttpHandlerTest {
    private static final String SCHEMA =
            "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"T\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}";
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new RegistryHttpHandler(new SchemaStore(entry -> {})));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldRegisterAndAnswerWithTheIdInTheConfluentMediaType() {
        HttpResponse<String> answer = call("POST", "/subjects/t-value/versions", "{\"schema\":\"" + SCHEMA + "\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"id\":1}");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void shouldServeVersionsSchemaByIdAndRawSchema() {
        call("POST", "/subjects/t-value/versions", "{\"schema\":\"" + SCHEMA + "\",\"schemaType\":\"AVRO\"}");

        assertThat(call("GET", "/subjects/t-value/versions/latest", null).body())
                .isEqualTo("{\"subject\":\"t-value\",\"version\":1,\"id\":1,\"schema\":\"" + SCHEMA + "\"}");
        assertThat(call("GET", "/schemas/ids/1", null).body()).isEqualTo("{\"schema\":\"" + SCHEMA + "\"}");
        assertThat(call("GET", "/subjects/t-value/versions/1/schema", null).body())
                .startsWith("{\"type\":\"record\"");
        assertThat(call("GET", "/schemas/types", null).body()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void shouldAnswerTheDocumentedErrorCodes() {
        assertThat(call("GET", "/subjects/nope/versions", null).body()).contains("\"error_code\":40401");
        assertThat(call("GET", "/schemas/ids/42", null).body()).contains("\"error_code\":40403");
        assertThat(call("POST", "/subjects/t/versions", "{\"schema\":\"{}\",\"schemaType\":\"PROTOBUF\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(call("POST", "/subjects/t/versions", "not json").statusCode())
                .isEqualTo(400);
        assertThat(call("GET", "/nowhere", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/schemas/ids/1", null).statusCode()).isEqualTo(405);
    }

    @Test
    void shouldReportVerboseCompatibilityMessagesAndConfigDefaults() {
        call("POST", "/subjects/t-value/versions", "{\"schema\":\"" + SCHEMA + "\"}");
        String renamed = SCHEMA.replace("\\\"a\\\"", "\\\"b\\\"");

        assertThat(call(
                                "POST",
                                "/compatibility/subjects/t-value/versions/latest?verbose=true",
                                "{\"schema\":\"" + renamed + "\"}")
                        .body())
                .startsWith("{\"is_compatible\":false,\"messages\":[\"backward: READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(call("GET", "/config", null).body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(call("GET", "/config/t-value", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/config/t-value?defaultToGlobal=true", null).body())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(call("PUT", "/config", "{\"compatibility\":\"full_transitive\"}")
                        .body())
                .isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
    }

    @Test
    void shouldDecodePercentEncodedSubjects() {
        call("POST", "/subjects/a%20b%2Fc/versions", "{\"schema\":\"" + SCHEMA + "\"}");

        assertThat(call("GET", "/subjects", null).body()).isEqualTo("[\"a b/c\"]");
    }

    private HttpResponse<String> call(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.getAddress().getPort() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
