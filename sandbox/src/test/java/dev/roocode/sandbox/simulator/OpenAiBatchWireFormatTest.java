package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.sandbox.simulator.batch.BatchSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenAI's Files + Batches API on the simulator, its objects checked against openai-openapi.yaml. */
class OpenAiBatchWireFormatTest {

    private static final String SPEC = "openai-openapi.yaml";
    private static final String LINES_SPEC = "openai-openapi-batch-lines.yaml";

    private final MutableClock clock = new MutableClock();
    private ProviderSimulator simulator;
    private BatchHttp api;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.builder()
                .apiKey("sk-test")
                .clock(clock)
                .batchSettings(BatchSettings.DEFAULTS.withTurnaround(Duration.ofHours(2)))
                .build()
                .start();
        api = new BatchHttp(simulator.url() + "/v1", "", "Authorization", "Bearer sk-test");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void shouldRunABatchFromUploadToOutputAndErrorFiles() throws Exception {
        HttpResponse<String> uploaded = api.upload("batch", line("a", "gpt-4o-mini") + line("b", "sim-flaky-100"));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        JsonNode file = SimClient.JSON.readTree(uploaded.body());
        assertConforms(SPEC, "OpenAIFile", file);

        JsonNode created = json(api.post("/batches", create(file.get("id").asText(), "{\"roocode_group\":\"g-1\"}")));
        assertConforms(SPEC, "Batch", created);
        assertThat(created.get("status").asText()).isEqualTo("validating");
        String id = created.get("id").asText();
        assertThat(json(api.get("/batches/" + id)).get("status").asText()).isEqualTo("in_progress");

        clock.advance(Duration.ofHours(2));
        JsonNode done = json(api.get("/batches/" + id));

        assertConforms(SPEC, "Batch", done);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(1);
        assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(1);
        assertThat(done.at("/metadata/roocode_group").asText()).isEqualTo("g-1");
        List<JsonNode> output = api.lines(done.get("output_file_id").asText());
        List<JsonNode> errors = api.lines(done.get("error_file_id").asText());
        assertThat(output).singleElement().satisfies(line -> {
            assertConforms(LINES_SPEC, "BatchRequestOutput", line);
            assertThat(line.get("custom_id").asText()).isEqualTo("a");
            assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(line.at("/response/body/choices/0/message/content").asText())
                    .startsWith(ChatReply.PREFIX);
        });
        assertThat(errors).singleElement().satisfies(line -> {
            assertConforms(LINES_SPEC, "BatchRequestOutput", line);
            assertThat(line.get("custom_id").asText()).isEqualTo("b");
            assertThat(line.at("/response/status_code").asInt()).isIn(500, 503);
            assertThat(line.at("/response/body/error/type").asText()).isEqualTo("server_error");
        });
    }

    @Test
    void shouldListBatchesNewestFirstInPagesWithTheirMetadata() throws Exception {
        String fileId =
                json(api.upload("batch", line("a", "gpt-4o-mini"))).get("id").asText();
        String first = json(api.post("/batches", create(fileId, "{\"roocode_group\":\"g-1\"}")))
                .get("id")
                .asText();
        clock.advance(Duration.ofSeconds(1));
        String second = json(api.post("/batches", create(fileId, "{\"roocode_group\":\"g-2\"}")))
                .get("id")
                .asText();

        JsonNode page = json(api.get("/batches?limit=1"));
        assertConforms(SPEC, "ListBatchesResponse", page);
        assertThat(page.at("/data/0/id").asText()).isEqualTo(second);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode next = json(api.get("/batches?limit=1&after=" + second));
        assertThat(next.at("/data/0/id").asText()).isEqualTo(first);
        assertThat(next.at("/data/0/metadata/roocode_group").asText()).isEqualTo("g-1");
        assertThat(next.get("has_more").asBoolean()).isFalse();
        assertThat(simulator.batches().duplicateCreations()).isZero();
    }

    @Test
    void shouldExpireOpenLinesIntoTheErrorFile() throws Exception {
        simulator.batches().settings(BatchSettings.DEFAULTS.withTurnaround(Duration.ofHours(30)));
        String fileId =
                json(api.upload("batch", line("a", "gpt-4o-mini"))).get("id").asText();
        String id = json(api.post("/batches", create(fileId, "{}"))).get("id").asText();

        clock.advance(Duration.ofHours(24));
        JsonNode expired = json(api.get("/batches/" + id));

        assertConforms(SPEC, "Batch", expired);
        assertThat(expired.get("status").asText()).isEqualTo("expired");
        assertThat(expired.has("output_file_id")).isFalse();
        assertThat(api.lines(expired.get("error_file_id").asText()))
                .singleElement()
                .satisfies(line -> {
                    assertConforms(LINES_SPEC, "BatchRequestOutput", line);
                    assertThat(line.at("/error/code").asText()).isEqualTo("batch_expired");
                    assertThat(line.get("response").isNull()).isTrue();
                });
    }

    @Test
    void shouldCancelARunningBatchAndRefuseToCancelItAgain() throws Exception {
        String fileId =
                json(api.upload("batch", line("a", "gpt-4o-mini"))).get("id").asText();
        String id = json(api.post("/batches", create(fileId, "{}"))).get("id").asText();

        JsonNode cancelling = json(api.post("/batches/" + id + "/cancel", ""));
        assertThat(cancelling.get("status").asText()).isEqualTo("cancelling");
        JsonNode cancelled = json(api.get("/batches/" + id));
        assertConforms(SPEC, "Batch", cancelled);
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(api.lines(cancelled.get("error_file_id").asText()))
                .extracting(line -> line.at("/error/code").asText())
                .containsExactly("batch_cancelled");

        HttpResponse<String> again = api.post("/batches/" + id + "/cancel", "");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).at("/error/message").asText()).contains("cancelled");
    }

    @Test
    void shouldFailABatchWhoseFileHasBadLinesNamingEachLine() throws Exception {
        String fileId = json(api.upload(
                        "batch",
                        line("a", "gpt-4o-mini") + line("a", "gpt-4o-mini")
                                + "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}\n"))
                .get("id")
                .asText();

        JsonNode failed = json(api.post("/batches", create(fileId, "{}")));

        assertConforms(SPEC, "Batch", failed);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/errors/data"))
                .extracting(e -> e.get("line").asInt() + ":" + e.get("code").asText())
                .containsExactly("2:duplicate_custom_id", "3:mismatched_url");
    }

    @Test
    void shouldRefuseAnUploadOfADownModelAndBadCreateCalls() throws Exception {
        HttpResponse<String> down = api.upload("batch", line("a", "sim-down"));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(simulator.batches().creations()).isZero();

        String fileId =
                json(api.upload("batch", line("a", "gpt-4o-mini"))).get("id").asText();
        assertThat(api.post("/batches", create("file-nope", "{}")).statusCode()).isEqualTo(400);
        assertThat(api.post("/batches", create(fileId, "{}").replace("24h", "1h"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post("/batches", create(fileId, "{}").replace("/v1/chat/completions", "/v1/images"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.get("/batches/batch_nope").statusCode()).isEqualTo(404);
        assertThat(new BatchHttp(simulator.url() + "/v1", "").get("/batches").statusCode())
                .as("the key is required on batch calls too")
                .isEqualTo(401);
    }

    static String line(String customId, String model) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + SimClient.chatBody(model, "hello " + customId) + "}\n";
    }

    static String create(String fileId, String metadata) {
        return "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"," + "\"metadata\":" + metadata
                + "}";
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        return SimClient.JSON.readTree(response.body());
    }

    static void assertConforms(String spec, String schema, JsonNode body) {
        assertThat(SpecSchemas.violations(spec, schema, body))
                .as(schema + ": " + body)
                .isEmpty();
    }
}
