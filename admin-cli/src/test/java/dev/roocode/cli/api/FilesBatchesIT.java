package dev.roocode.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListPage;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.ApiServer;
import dev.roocode.api.Endpoints;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.StaticKeys;
import dev.roocode.api.batches.BatchesEndpoints;
import dev.roocode.api.files.FilesEndpoints;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.RoocodeClient;
import dev.roocode.client.batch.BatchProgress;
import dev.roocode.client.batch.BatchRunner;
import dev.roocode.sandbox.junit.SharedFiles;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.schemas.config.CommonConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Files and Batches API through the official openai-java SDK on the shared embedded stack: upload, create, poll,
 * download output and error files, cancel, list, tenant isolation, validation failures, a real batch file answered
 * as {@code roocode run} answers it, and a restart of the batches group mid-batch.
 */
class FilesBatchesIT {
    @RegisterExtension
    static final ApiStack API = new ApiStack();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_LIMIT = Duration.ofMinutes(4);
    private static final Set<Batch.Status> TERMINAL =
            Set.of(Batch.Status.COMPLETED, Batch.Status.FAILED, Batch.Status.CANCELLED, Batch.Status.EXPIRED);

    @TempDir
    Path dir;

    /** The batches group reads its state from the cluster after the server starts: wait for /health/ready. */
    @BeforeEach
    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        URI ready = URI.create(API.baseUrl().replace("/v1", "/health/ready"));
        while (HttpClient.newHttpClient()
                                .send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        != 200
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static void awaitReady(ApiServer server) throws InterruptedException {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        while (!server.ready() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.ready()).as("batches group ready").isTrue();
    }

    private static String chat(String customId, String model) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello " + customId
                + "\"}],\"max_tokens\":16}}";
    }

    private static String embedding(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":"
                + "{\"model\":\"sim-model\",\"input\":\"hi\"}}";
    }

    private static FileObject upload(OpenAIClient client, String... lines) {
        return client.files()
                .create(FileCreateParams.builder()
                        .file((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8))
                        .purpose(FilePurpose.BATCH)
                        .build());
    }

    private static Batch create(OpenAIClient client, String fileId, BatchCreateParams.Endpoint endpoint) {
        return client.batches()
                .create(BatchCreateParams.builder()
                        .inputFileId(fileId)
                        .endpoint(endpoint)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .metadata(BatchCreateParams.Metadata.builder()
                                .putAdditionalProperty("purpose", JsonValue.from("it"))
                                .build())
                        .build());
    }

    private static Batch await(OpenAIClient client, String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        Batch batch = client.batches().retrieve(batchId);
        while (!TERMINAL.contains(batch.status()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            batch = client.batches().retrieve(batchId);
        }
        return batch;
    }

    private static List<String> content(OpenAIClient client, String fileId) throws Exception {
        try (InputStream in = client.files().content(fileId).body()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private static Map<String, JsonNode> byCustomId(List<String> lines) throws Exception {
        Map<String, JsonNode> map = new HashMap<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            assertThat(map.put(node.get("custom_id").asText(), node))
                    .as("custom_id %s once", node.get("custom_id"))
                    .isNull();
        }
        return map;
    }

    private static JsonNode raw(String path, String key) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(API.baseUrl() + path))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    void shouldRunAnUploadedBatchToCompletedWithSucceededLinesInTheOutputFileAndFailedOnesInTheErrorFile()
            throws Exception {
        OpenAIClient client = API.client(ApiStack.TENANT_A_KEY);
        FileObject file = upload(
                client, chat("ok-1", "sim-model"), chat("bad", "sim-latency-5-jtter-5"), chat("ok-2", "sim-model"));

        Batch created = create(client, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS);
        assertThat(created.status()).isEqualTo(Batch.Status.VALIDATING);
        Batch done = await(client, created.id());

        assertThat(done.status()).as(done.toString()).isEqualTo(Batch.Status.COMPLETED);
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(2);
        assertThat(done.requestCounts().orElseThrow().failed()).isEqualTo(1);
        assertThat(done.inProgressAt()).isPresent();
        assertThat(done.completedAt()).isPresent();
        assertThat(done.metadata().orElseThrow()._additionalProperties()).containsKey("purpose");
        Map<String, JsonNode> output =
                byCustomId(content(client, done.outputFileId().orElseThrow()));
        Map<String, JsonNode> errors =
                byCustomId(content(client, done.errorFileId().orElseThrow()));
        assertThat(output).containsOnlyKeys("ok-1", "ok-2");
        assertThat(output.get("ok-1").at("/response/status_code").asInt()).isEqualTo(200);
        assertThat(errors).containsOnlyKeys("bad");
        assertThat(errors.get("bad").get("error").isNull()
                        && errors.get("bad").at("/response/status_code").asInt() == 200)
                .isFalse();
        assertThat(SpecSchemas.violations(
                        "openai-openapi.yaml", "Batch", raw("/batches/" + done.id(), ApiStack.TENANT_A_KEY)))
                .isEmpty();
        assertThat(client.files().retrieve(done.outputFileId().orElseThrow()).purpose())
                .isEqualTo(FileObject.Purpose.BATCH_OUTPUT);
    }

    @Test
    void shouldCancelABatchAndEndItCancelledWithEveryLineAccountedFor() throws Exception {
        OpenAIClient client = API.client(ApiStack.TENANT_A_KEY);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add(chat("slow-" + i, "sim-latency-3000"));
        }
        FileObject file = upload(client, lines.toArray(String[]::new));
        Batch created = create(client, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS);

        Batch cancelling = client.batches().cancel(created.id());
        assertThat(cancelling.status()).isIn(Batch.Status.CANCELLING, Batch.Status.CANCELLED);
        Batch done = await(client, created.id());

        assertThat(done.status()).as(done.toString()).isEqualTo(Batch.Status.CANCELLED);
        assertThat(done.cancellingAt()).isPresent();
        assertThat(done.cancelledAt()).isPresent();
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(6);
        List<String> all = new ArrayList<>();
        if (done.outputFileId().isPresent()) {
            all.addAll(content(client, done.outputFileId().get()));
        }
        all.addAll(content(client, done.errorFileId().orElseThrow()));
        assertThat(byCustomId(all)).hasSize(6);
    }

    @Test
    void shouldListOnlyTheCallersBatchesPageByPageAndHideOtherTenantsBatchesAndFiles() throws Exception {
        OpenAIClient globex = API.client(ApiStack.TENANT_B_KEY);
        OpenAIClient acme = API.client(ApiStack.TENANT_A_KEY);
        FileObject file = upload(globex, chat("one", "sim-model"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(globex, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                    .id());
        }

        BatchListPage first =
                globex.batches().list(BatchListParams.builder().limit(2).build());
        assertThat(first.data()).hasSize(2);
        assertThat(first.hasNextPage()).isTrue();
        List<String> listed =
                new ArrayList<>(first.data().stream().map(Batch::id).toList());
        BatchListPage next = first.nextPage();
        listed.addAll(next.data().stream().map(Batch::id).toList());
        assertThat(listed).containsAll(ids).doesNotHaveDuplicates();
        assertThat(SpecSchemas.violations(
                        "openai-openapi.yaml", "ListBatchesResponse", raw("/batches?limit=2", ApiStack.TENANT_B_KEY)))
                .isEmpty();

        assertThatThrownBy(() -> acme.batches().retrieve(ids.get(0))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> acme.batches().cancel(ids.get(0))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> create(acme, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No such File object: " + file.id());
        assertThat(acme.batches()
                        .list(BatchListParams.builder().limit(100).build())
                        .data())
                .extracting(Batch::id)
                .doesNotContainAnyElementsOf(ids);
        for (String id : ids) {
            assertThat(await(globex, id).status()).isEqualTo(Batch.Status.COMPLETED);
        }
    }

    @Test
    void shouldFailABatchWhoseLinesCallAnotherEndpointAsOpenAiDoes() throws Exception {
        OpenAIClient client = API.client(ApiStack.TENANT_A_KEY);
        FileObject file = upload(client, chat("a", "sim-model"), embedding("b"), chat("a", "sim-model"));

        Batch done = await(
                client,
                create(client, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .id());

        assertThat(done.status()).isEqualTo(Batch.Status.FAILED);
        assertThat(done.failedAt()).isPresent();
        assertThat(done.errors().orElseThrow().data().orElseThrow())
                .extracting(e -> e.code().orElseThrow(), e -> e.line().orElseThrow())
                .containsExactly(tuple("url_mismatch", 2L), tuple("duplicate_custom_id", 3L));
        assertThat(done.outputFileId()).isEmpty();
    }

    @Test
    void shouldAnswerARealBatchFileLineForLineAsRoocodeRunDoes() throws Exception {
        Path real = SharedFiles.batchFile("zgimszhd61--batchinput.jsonl");
        OpenAIClient client = API.client(ApiStack.TENANT_A_KEY);
        FileObject file = client.files()
                .create(FileCreateParams.builder()
                        .file(real)
                        .purpose(FilePurpose.BATCH)
                        .build());
        Batch done = await(
                client,
                create(client, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .id());
        assertThat(done.status()).as(done.toString()).isEqualTo(Batch.Status.COMPLETED);
        List<String> api = new ArrayList<>(content(client, done.outputFileId().orElseThrow()));
        if (done.errorFileId().isPresent()) {
            api.addAll(content(client, done.errorFileId().get()));
        }

        Path runOutput = dir.resolve("run.jsonl");
        try (RoocodeClient roocode = new RoocodeClient(
                new ClientConfig(API.stack().clientProperties()), API.stack().registry())) {
            new BatchRunner(roocode)
                    .run(real, runOutput, BatchRunner.newBatchId(), Duration.ofMinutes(4), BatchProgress.NONE);
        }
        List<String> run = Files.readAllLines(runOutput);

        assertThat(normalized(api)).isEqualTo(normalized(run));
    }

    /** Output lines by custom_id without what differs between two runs: ids and timestamps. */
    private static Map<String, JsonNode> normalized(List<String> lines) throws Exception {
        Map<String, JsonNode> byId = byCustomId(lines);
        for (JsonNode line : byId.values()) {
            ((ObjectNode) line).remove("id");
            if (line.path("response").isObject()) {
                ObjectNode response = (ObjectNode) line.get("response");
                response.remove("request_id");
                if (response.path("body").isObject()) {
                    ((ObjectNode) response.get("body")).remove(List.of("id", "created"));
                }
            }
        }
        return byId.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void shouldCompleteABatchExactlyOnceWhenTheBatchesGroupRestartsMidBatch() throws Exception {
        Map<String, Object> settings = new HashMap<>(API.stack().clientProperties());
        settings.put(CommonConfig.HTTP_HOST, "127.0.0.1");
        settings.put(CommonConfig.HTTP_PORT, 0);
        settings.put(ApiConfig.FILES_DIR, dir.resolve("files").toString());
        ApiConfig config = new ApiConfig(settings);
        StaticKeys keys =
                new StaticKeys(Map.of(ApiStack.TENANT_A_KEY, new Caller("key-acme", ApiStack.TENANT_A, false)));
        List<Function<ApiContext, Endpoints>> groups = List.of(FilesEndpoints::new, BatchesEndpoints::new);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lines.add(chat("r-" + i, i % 2 == 0 ? "sim-model" : "sim-latency-2500"));
        }
        String batchId;
        try (RoocodeClient roocode =
                new RoocodeClient(config.clientConfig(), API.stack().registry())) {
            ApiContext context = new ApiContext(config, roocode, API.stack().registry(), keys, Clock.systemUTC());
            try (ApiServer first = ApiServer.start(context, "127.0.0.1", 0, groups)) {
                awaitReady(first);
                OpenAIClient client = sdk(first);
                FileObject file = upload(client, lines.toArray(String[]::new));
                batchId = create(client, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .id();
                long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
                while (Batch.Status.VALIDATING.equals(
                                client.batches().retrieve(batchId).status())
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Batch stopped = client.batches().retrieve(batchId);
                assertThat(stopped.status()).as("stopped mid-batch").isEqualTo(Batch.Status.IN_PROGRESS);
            }
            try (ApiServer second = ApiServer.start(context, "127.0.0.1", 0, groups)) {
                awaitReady(second);
                OpenAIClient client = sdk(second);
                Batch done = await(client, batchId);

                assertThat(done.status()).as(done.toString()).isEqualTo(Batch.Status.COMPLETED);
                assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(8);
                assertThat(byCustomId(content(client, done.outputFileId().orElseThrow())))
                        .hasSize(8);
                assertThat(done.errorFileId()).isEmpty();
            }
        }
    }

    @Test
    void shouldExpireABatchWhoseWindowPassesWithTheUnansweredLinesInTheErrorFileAsBatchExpired() throws Exception {
        Map<String, Object> settings = new HashMap<>(API.stack().clientProperties());
        settings.put(CommonConfig.HTTP_HOST, "127.0.0.1");
        settings.put(CommonConfig.HTTP_PORT, 0);
        settings.put(ApiConfig.FILES_DIR, dir.resolve("files").toString());
        ApiConfig config = new ApiConfig(settings);
        StaticKeys keys =
                new StaticKeys(Map.of(ApiStack.TENANT_A_KEY, new Caller("key-acme", ApiStack.TENANT_A, false)));
        Duration[] offset = {Duration.ZERO};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.now().plus(offset[0]);
            }
        };
        try (RoocodeClient roocode =
                new RoocodeClient(config.clientConfig(), API.stack().registry())) {
            ApiContext context = new ApiContext(config, roocode, API.stack().registry(), keys, clock);
            try (ApiServer server =
                    ApiServer.start(context, "127.0.0.1", 0, List.of(FilesEndpoints::new, BatchesEndpoints::new))) {
                awaitReady(server);
                OpenAIClient client = sdk(server);
                FileObject file = upload(client, chat("fast", "sim-model"), chat("late", "sim-latency-20000"));
                String batchId = create(client, file.id(), BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .id();
                long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
                while (client.batches()
                                        .retrieve(batchId)
                                        .requestCounts()
                                        .orElseThrow()
                                        .completed()
                                < 1
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }

                offset[0] = Duration.ofHours(25);
                Batch done = await(client, batchId);

                assertThat(done.status()).as(done.toString()).isEqualTo(Batch.Status.EXPIRED);
                assertThat(done.expiredAt()).isPresent();
                assertThat(byCustomId(content(client, done.outputFileId().orElseThrow())))
                        .containsOnlyKeys("fast");
                Map<String, JsonNode> errors =
                        byCustomId(content(client, done.errorFileId().orElseThrow()));
                assertThat(errors).containsOnlyKeys("late");
                assertThat(errors.get("late").at("/error/code").asText()).isEqualTo("batch_expired");
            }
        }
    }

    @Test
    void shouldStayNotReadyAndAnswer503WhileItsTopicsAreMissing() throws Exception {
        Map<String, Object> settings = new HashMap<>(API.stack().clientProperties());
        settings.put(CommonConfig.TOPIC_PREFIX, "not-initialized.");
        settings.put(ApiConfig.FILES_DIR, dir.resolve("files").toString());
        ApiConfig config = new ApiConfig(settings);
        StaticKeys keys =
                new StaticKeys(Map.of(ApiStack.TENANT_A_KEY, new Caller("key-acme", ApiStack.TENANT_A, false)));
        try (RoocodeClient roocode =
                new RoocodeClient(config.clientConfig(), API.stack().registry())) {
            ApiContext context = new ApiContext(config, roocode, API.stack().registry(), keys, Clock.systemUTC());
            try (ApiServer server = ApiServer.start(context, "127.0.0.1", 0, List.of(BatchesEndpoints::new))) {
                Thread.sleep(5_000);

                assertThat(server.ready()).isFalse();
                assertThatThrownBy(() -> sdk(server).batches().list()).isInstanceOf(InternalServerException.class);
            }
        }
    }

    private static OpenAIClient sdk(ApiServer server) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl())
                .apiKey(ApiStack.TENANT_A_KEY)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(60))
                .build();
    }
}
