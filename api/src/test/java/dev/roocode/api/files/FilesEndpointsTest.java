package dev.roocode.api.files;

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
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesEndpointsTest {
    private static final String SPEC = "openai-openapi.yaml";
    private static final String LINE =
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
    private static final long LIMIT = 4096;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private RoocodeClient client;
    private ApiServer server;

    @BeforeEach
    void start() {
        server = startServer();
    }

    private ApiServer startServer() {
        ApiConfig config = new ApiConfig(Map.of(
                "bootstrap.servers",
                "127.0.0.1:1",
                "schema.registry.url",
                "http://127.0.0.1:1",
                ApiConfig.FILES_DIR,
                dir.resolve("files").toString(),
                ApiConfig.UPLOAD_MAX_BYTES,
                Long.toString(LIMIT)));
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        client = new RoocodeClient(config.clientConfig(), registry);
        ApiContext context = new ApiContext(
                config,
                client,
                registry,
                new StaticKeys(Map.of(
                        "sk-a", new Caller("ka", "acme", false),
                        "sk-b", new Caller("kb", "globex", false))),
                Clock.systemUTC());
        List<Function<ApiContext, Endpoints>> groups = List.of(FilesEndpoints::new);
        return ApiServer.start(context, "127.0.0.1", 0, groups);
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void shouldStoreListServeAndDeleteAnUploadShapedAsOpenAiFiles() throws Exception {
        HttpResponse<String> uploaded = upload("sk-a", "batch", "in.jsonl", LINE.getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        JsonNode file = json(uploaded);
        assertThat(SpecSchemas.violations(SPEC, "OpenAIFile", file)).isEmpty();
        assertThat(file.get("purpose").asText()).isEqualTo("batch");
        assertThat(file.get("filename").asText()).isEqualTo("in.jsonl");
        assertThat(file.get("bytes").asLong()).isEqualTo(LINE.getBytes(StandardCharsets.UTF_8).length);
        String id = file.get("id").asText();

        assertThat(json(get("/v1/files/" + id, "sk-a"))).isEqualTo(file);
        HttpResponse<String> content = get("/v1/files/" + id + "/content", "sk-a");
        assertThat(content.body()).isEqualTo(LINE);

        JsonNode list = json(get("/v1/files?purpose=batch", "sk-a"));
        assertThat(SpecSchemas.violations(SPEC, "ListFilesResponse", list)).isEmpty();
        assertThat(list.get("data")).hasSize(1);
        assertThat(list.get("first_id").asText()).isEqualTo(id);
        assertThat(json(get("/v1/files?purpose=batch_output", "sk-a")).get("data"))
                .isEmpty();

        HttpResponse<String> deleted = send("DELETE", "/v1/files/" + id, "sk-a");
        assertThat(SpecSchemas.violations(SPEC, "DeleteFileResponse", json(deleted)))
                .isEmpty();
        assertThat(json(deleted).get("deleted").asBoolean()).isTrue();
        assertThat(get("/v1/files/" + id, "sk-a").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerAnotherTenantsFileAsAnUnknownOne() throws Exception {
        String id = json(upload("sk-a", "batch", "in.jsonl", LINE.getBytes(StandardCharsets.UTF_8)))
                .get("id")
                .asText();

        HttpResponse<String> theirs = get("/v1/files/" + id, "sk-b");
        HttpResponse<String> unknown = get("/v1/files/file-doesnotexist", "sk-b");

        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(json(theirs).at("/error/message").asText()).isEqualTo("No such File object: " + id);
        assertThat(json(unknown).at("/error/message").asText()).isEqualTo("No such File object: file-doesnotexist");
        assertThat(get("/v1/files/" + id + "/content", "sk-b").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/files/" + id, "sk-b").statusCode()).isEqualTo(404);
        assertThat(json(get("/v1/files", "sk-b")).get("data")).isEmpty();
        assertThat(get("/v1/files/" + id, "sk-a").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldPageFilesWithAfterAndLimitNewestFirst() throws Exception {
        for (int i = 0; i < 3; i++) {
            upload("sk-a", "batch", "f" + i + ".jsonl", LINE.getBytes(StandardCharsets.UTF_8));
        }
        JsonNode first = json(get("/v1/files?limit=2", "sk-a"));
        assertThat(first.get("data")).hasSize(2);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        JsonNode rest =
                json(get("/v1/files?limit=2&after=" + first.get("last_id").asText(), "sk-a"));
        assertThat(rest.get("data")).hasSize(1);
        assertThat(rest.get("has_more").asBoolean()).isFalse();
        assertThat(get("/v1/files?limit=0", "sk-a").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseAPurposeOtherThanBatchWithOpenAisWording() throws Exception {
        HttpResponse<String> r = upload("sk-a", "fine-tune", "in.jsonl", LINE.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/error/param").asText()).isEqualTo("purpose");
        assertThat(json(r).at("/error/message").asText()).startsWith("Invalid value for 'purpose': 'fine-tune'.");
    }

    @Test
    void shouldRefuseAFileOverTheLimitWith413AndKeepNothing() throws Exception {
        byte[] big = LINE.repeat((int) (LIMIT / LINE.length()) + 2).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = upload("sk-a", "batch", "big.jsonl", big);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).at("/error/message").asText()).contains(Long.toString(LIMIT));
        assertThat(json(get("/v1/files", "sk-a")).get("data")).isEmpty();
        try (var left = Files.list(dir.resolve("files/tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldRefuseMalformedMultipartAndANonJsonlFileWithClearMessages() throws Exception {
        HttpResponse<String> broken = http.send(
                HttpRequest.newBuilder(uri("/v1/files"))
                        .header("Authorization", "Bearer sk-a")
                        .header("Content-Type", "multipart/form-data; boundary=XYZ")
                        .POST(HttpRequest.BodyPublishers.ofString("--XYZ\r\nContent-Disposition: form-data; name"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notMultipart = http.send(
                HttpRequest.newBuilder(uri("/v1/files"))
                        .header("Authorization", "Bearer sk-a")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notJsonl = upload("sk-a", "batch", "notes.txt", "just some notes\n".getBytes());
        HttpResponse<String> binary = upload("sk-a", "batch", "x.jsonl", new byte[] {'{', 0, 1, 2});

        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
        assertThat(json(broken).at("/error/message").asText()).isNotBlank();
        assertThat(notMultipart.statusCode()).isEqualTo(400);
        assertThat(json(notMultipart).at("/error/message").asText()).contains("multipart/form-data");
        assertThat(notJsonl.statusCode()).isEqualTo(400);
        assertThat(json(notJsonl).at("/error/message").asText())
                .isEqualTo("Invalid file format for Batch API. Must be .jsonl");
        assertThat(binary.statusCode()).isEqualTo(400);
        assertThat(json(get("/v1/files", "sk-a")).get("data")).isEmpty();
    }

    @Test
    void shouldAcceptAFilePartWithoutAFilenameAsSdksSendBytesAndStillApplyTheLimit() throws Exception {
        String large = LINE.repeat(3000);
        HttpResponse<String> small = upload("sk-a", "batch", null, LINE.getBytes(StandardCharsets.UTF_8));

        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        assertThat(get("/v1/files/" + json(small).get("id").asText() + "/content", "sk-a")
                        .body())
                .isEqualTo(LINE);
        assertThat(upload("sk-a", "batch", null, large.getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .as("over the limit of this test's server")
                .isEqualTo(413);
    }

    @Test
    void shouldKeepFilesAcrossARestartOfTheService() throws Exception {
        String id = json(upload("sk-a", "batch", "in.jsonl", LINE.getBytes(StandardCharsets.UTF_8)))
                .get("id")
                .asText();
        stop();
        server = startServer();

        assertThat(get("/v1/files/" + id + "/content", "sk-a").body()).isEqualTo(LINE);
    }

    private HttpResponse<String> upload(String key, String purpose, String filename, byte[] content) throws Exception {
        String boundary = "----roocode-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose
                        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\""
                        + (filename == null ? "" : "; filename=\"" + filename + "\"")
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(uri("/v1/files"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return send("GET", path, key);
    }

    private HttpResponse<String> send(String method, String path, String key) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + key)
                        .method(method, HttpRequest.BodyPublishers.noBody())
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
