package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.embeddingJob;
import static dev.roocode.connectors.TestJobs.fixtureText;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GeminiBatchApiTest {
    private static final String KEY = "AIza-secret-key-123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScriptedProvider server = new ScriptedProvider();
    private final ProviderConfig config =
            provider("google", server.endpoint()).setType("gemini").build();
    private final GeminiBatchApi api =
            new GeminiBatchApi(config, KEY, HttpTransport.over(HttpClient.newHttpClient(), Clock.systemUTC()));

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<BatchLine> lines() {
        return List.of(
                new BatchLine("line-1", dispatched(chatJob("r1", "hello").build(), "google", "gemini-2.5-flash")),
                new BatchLine("line-2", dispatched(chatJob("r2", "bye").build(), "google", "gemini-2.5-flash")));
    }

    private static String operation(String id, String state, String extra) {
        return "{\"name\":\"batches/" + id
                + "\",\"metadata\":{\"@type\":\"type.googleapis.com/x.GenerateContentBatch\","
                + "\"name\":\"batches/" + id + "\",\"displayName\":\"group-" + id
                + "\",\"model\":\"models/gemini-2.5-flash\","
                + "\"createTime\":\"2026-01-01T00:00:00Z\",\"state\":\"" + state + "\",\"batchStats\":{"
                + "\"requestCount\":\"4\",\"successfulRequestCount\":\"3\",\"failedRequestCount\":\"1\"}}" + extra
                + "}";
    }

    @Test
    void shouldSendEachJobsRealtimeRequestInlineKeyedByItsCustomIdUnderTheGroupsDisplayName() throws Exception {
        server.answer(
                "POST /v1beta/models/gemini-2.5-flash:batchGenerateContent",
                200,
                operation("b1", "BATCH_STATE_PENDING", ""));

        ProviderBatchRef ref = api.submit("group-7", lines());

        assertThat(ref.id()).isEqualTo("batches/b1");
        ScriptedProvider.Seen post = server.seen("POST", "/v1beta/models/gemini-2.5-flash:batchGenerateContent")
                .get(0);
        assertThat(post.header("x-goog-api-key")).isEqualTo(KEY);
        JsonNode body = JSON.readTree(post.body());
        assertThat(SpecSchemas.violations("gemini-openapi.json", "BatchGenerateContentRequest", body))
                .isEmpty();
        assertThat(body.at("/batch/displayName").asText()).isEqualTo("group-7");
        assertThat(body.at("/batch/model").asText()).isEqualTo("models/gemini-2.5-flash");
        JsonNode requests = body.at("/batch/inputConfig/requests/requests");
        assertThat(requests).hasSize(2);
        for (int i = 0; i < 2; i++) {
            BatchLine line = lines().get(i);
            JsonNode realtime = JSON.readTree(ProviderAdapters.forType("gemini")
                    .toHttpCall(line.job(), config, KEY)
                    .body());
            assertThat(requests.get(i).at("/metadata/key").asText()).isEqualTo(line.customId());
            assertThat(requests.get(i).get("request")).isEqualTo(realtime);
        }
    }

    @Test
    void shouldMatchResponsesByTheirKeyNotTheirPosition() {
        String ok = fixtureText("gemini", "chat-basic.response.json");
        String blocked = "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}";
        server.answer(
                "GET /v1beta/batches/b1",
                200,
                operation(
                        "b1",
                        "BATCH_STATE_SUCCEEDED",
                        ",\"done\":true,\"response\":{\"@type\":\"x\",\"inlinedResponses\":{\"inlinedResponses\":["
                                + "{\"error\":{\"code\":3,\"message\":\"bad\"},\"metadata\":{\"key\":\"line-2\"}},"
                                + "{\"response\":" + ok + ",\"metadata\":{\"key\":\"line-1\"}},"
                                + "{\"error\":{\"code\":8,\"message\":\"quota\"},\"metadata\":{\"key\":\"line-3\"}},"
                                + "{\"response\":" + blocked + ",\"metadata\":{\"key\":\"line-4\"}},"
                                + "{\"response\":" + ok + ",\"metadata\":{\"key\":\"never-sent\"}},"
                                + "{\"response\":" + ok + "}"
                                + "]}}"));

        Map<String, LineOutcome> outcomes = api.results(new ProviderBatchRef("batches/b1", Map.of()));

        assertThat(outcomes).containsOnlyKeys("line-1", "line-2", "line-3", "line-4", "never-sent");
        assertThat(outcomes.get("line-1"))
                .isInstanceOfSatisfying(
                        LineOutcome.Succeeded.class,
                        s -> assertThat(s.output()
                                        .getChoices()
                                        .get(0)
                                        .getMessage()
                                        .getContent())
                                .startsWith("AI learns patterns"));
        assertThat(failure(outcomes, "line-2").errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
        assertThat(failure(outcomes, "line-3").errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(failure(outcomes, "line-4").errorClass()).isEqualTo(ErrorClass.CONTENT_POLICY);
    }

    private static ProviderError failure(Map<String, LineOutcome> outcomes, String key) {
        assertThat(outcomes.get(key)).isInstanceOf(LineOutcome.Failed.class);
        return ((LineOutcome.Failed) outcomes.get(key)).error();
    }

    @Test
    void shouldMapBatchStatesOntoTheBatchLifecycleWithGeminis48HourExpiry() throws Exception {
        ProviderBatchStatus pending = GeminiBatchApi.status(JSON.readTree(operation("b", "BATCH_STATE_PENDING", "")));
        assertThat(pending.state()).isEqualTo(ProviderBatchStatus.State.VALIDATING);
        assertThat(pending.expiresAt()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
        assertThat(GeminiBatchApi.status(JSON.readTree(operation("b", "BATCH_STATE_RUNNING", "")))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        ProviderBatchStatus done = GeminiBatchApi.status(JSON.readTree(operation("b", "BATCH_STATE_SUCCEEDED", "")));
        assertThat(done.state()).isEqualTo(ProviderBatchStatus.State.COMPLETED);
        assertThat(done.completed()).isEqualTo(3);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(GeminiBatchApi.status(JSON.readTree(operation("b", "BATCH_STATE_EXPIRED", "")))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.EXPIRED);
        assertThat(GeminiBatchApi.status(JSON.readTree(operation("b", "BATCH_STATE_CANCELLED", "")))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.CANCELLED);
        assertThat(GeminiBatchApi.status(JSON.readTree(operation("b", "BATCH_STATE_FAILED", "")))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.FAILED);
    }

    @Test
    void shouldFindTheBatchByItsDisplayNameOnAnyPage() {
        server.answer(
                "GET /v1beta/batches",
                200,
                "{\"operations\":[" + operation("a", "BATCH_STATE_RUNNING", "") + "],\"nextPageToken\":\"p/2\"}");
        server.answer(
                "GET /v1beta/batches?pageSize=100&pageToken=p%2F2",
                200, "{\"operations\":[" + operation("b", "BATCH_STATE_RUNNING", "") + "]}");

        assertThat(api.find("group-b")).contains(new ProviderBatchRef("batches/b", Map.of()));
        assertThat(api.find("group-c")).isEmpty();
    }

    @Test
    void shouldRefuseASubmitTheProviderRefusesWithTheRealtimeClassAndNoKey() {
        server.answer(
                "POST /v1beta/models/gemini-2.5-flash:batchGenerateContent",
                400,
                "{\"error\":{\"code\":400,\"message\":\"API key not valid: " + KEY
                        + "\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}");

        assertThatThrownBy(() -> api.submit("group-7", lines())).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
            assertThat(e.getMessage()).doesNotContain(KEY);
        });
    }

    @Test
    void shouldRefuseEmbeddingJobsWithoutCallingTheProvider() {
        List<BatchLine> embeddings = List.of(new BatchLine(
                "e-1", dispatched(embeddingJob("e1", List.of("x")).build(), "google", "gemini-embedding-001")));

        assertThatThrownBy(() -> api.submit("g", embeddings))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
        assertThat(server.seen).isEmpty();
    }
}
