package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.fixtureText;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.provider.ProviderAdapters;
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

class AnthropicBatchApiTest {
    private static final String KEY = "sk-ant-secret-key-123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScriptedProvider server = new ScriptedProvider();
    private final ProviderConfig config =
            provider("claude", server.endpoint()).setType("anthropic").build();
    private final AnthropicBatchApi api =
            new AnthropicBatchApi(config, KEY, HttpTransport.over(HttpClient.newHttpClient(), Clock.systemUTC()));

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<BatchLine> lines() {
        return List.of(
                new BatchLine("line-1", dispatched(chatJob("r1", "hello").build(), "claude", "claude-sonnet-4-5")),
                new BatchLine("line-2", dispatched(chatJob("r2", "bye").build(), "claude", "claude-sonnet-4-5")));
    }

    private static String batch(String id, String status, String extra) {
        return "{\"id\":\"" + id + "\",\"type\":\"message_batch\",\"processing_status\":\"" + status + "\","
                + "\"request_counts\":{\"processing\":0,\"succeeded\":3,\"errored\":1,\"canceled\":0,\"expired\":0},"
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"expires_at\":\"2026-01-02T00:00:00Z\","
                + "\"ended_at\":null,\"archived_at\":null,\"cancel_initiated_at\":null,\"results_url\":null" + extra
                + "}";
    }

    @Test
    void shouldSendEachJobsRealtimeParamsUnderItsCustomIdWithAGroupMarkerFirst() throws Exception {
        server.answer("POST /v1/messages/batches", 200, batch("msgbatch_01", "in_progress", ""));

        ProviderBatchRef ref = api.submit("group-7", lines());

        assertThat(ref.id()).isEqualTo("msgbatch_01");
        ScriptedProvider.Seen post = server.seen("POST", "/v1/messages/batches").get(0);
        assertThat(post.header("x-api-key")).isEqualTo(KEY);
        assertThat(post.header("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = JSON.readTree(post.body());
        assertThat(SpecSchemas.violations("anthropic-openapi.json", "CreateMessageBatchParams", body))
                .isEmpty();
        JsonNode requests = body.get("requests");
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).get("custom_id").asText())
                .isEqualTo(AnthropicBatchApi.marker("group-7"))
                .matches("[a-zA-Z0-9_-]{1,64}");
        assertThat(requests.get(0).at("/params/model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(requests.get(0).at("/params/max_tokens").asInt()).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            BatchLine line = lines().get(i);
            JsonNode realtime = JSON.readTree(ProviderAdapters.forType("anthropic")
                    .toHttpCall(line.job(), config, KEY)
                    .body());
            assertThat(requests.get(i + 1).get("custom_id").asText()).isEqualTo(line.customId());
            assertThat(requests.get(i + 1).get("params")).isEqualTo(realtime);
        }
    }

    @Test
    void shouldMapEveryResultTypeAndLeaveOutTheMarkerAndUnreadableLines() {
        String message = fixtureText("anthropic", "chat-basic.response.json").replace("\n", "");
        String jsonl = String.join(
                "\n",
                "{\"custom_id\":\"" + AnthropicBatchApi.marker("g") + "\",\"result\":{\"type\":\"succeeded\","
                        + "\"message\":" + message + "}}",
                "{\"custom_id\":\"line-1\",\"result\":{\"type\":\"succeeded\",\"message\":" + message + "}}",
                "{\"custom_id\":\"line-2\",\"result\":{\"type\":\"errored\",\"error\":{\"type\":\"error\","
                        + "\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: too big\"}}}}",
                "{\"custom_id\":\"line-3\",\"result\":{\"type\":\"errored\",\"error\":{\"type\":\"error\","
                        + "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}}}",
                "{\"custom_id\":\"line-4\",\"result\":{\"type\":\"canceled\"}}",
                "{\"custom_id\":\"line-5\",\"result\":{\"type\":\"expired\"}}",
                "{\"custom_id\":\"never-sent\",\"result\":{\"type\":\"expired\"}}",
                "{not json",
                "");
        server.answer("GET /v1/messages/batches/msgbatch_01/results", 200, jsonl);

        Map<String, LineOutcome> outcomes = api.results(new ProviderBatchRef("msgbatch_01", Map.of()));

        assertThat(outcomes).containsOnlyKeys("line-1", "line-2", "line-3", "line-4", "line-5", "never-sent");
        assertThat(outcomes.get("line-1")).isInstanceOfSatisfying(LineOutcome.Succeeded.class, ok -> {
            assertThat(ok.output().getChoices().get(0).getMessage().getContent())
                    .isEqualTo("Hi! My name is Claude.");
            assertThat(ok.output().getUsage().getInputTokens()).isEqualTo(2095);
        });
        assertThat(failure(outcomes, "line-2").errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
        assertThat(failure(outcomes, "line-2").elsewhere()).isFalse();
        assertThat(failure(outcomes, "line-3").errorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
        assertThat(failure(outcomes, "line-4").elsewhere()).isTrue();
        assertThat(failure(outcomes, "line-5").errorClass()).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(failure(outcomes, "line-5").elsewhere()).isTrue();
    }

    private static dev.roocode.connectors.provider.ProviderError failure(
            Map<String, LineOutcome> outcomes, String customId) {
        assertThat(outcomes.get(customId)).isInstanceOf(LineOutcome.Failed.class);
        return ((LineOutcome.Failed) outcomes.get(customId)).error();
    }

    @Test
    void shouldMapProcessingStatusOntoTheBatchLifecycle() throws Exception {
        ProviderBatchStatus running = AnthropicBatchApi.status(JSON.readTree(batch("b", "in_progress", "")));
        assertThat(running.state()).isEqualTo(ProviderBatchStatus.State.IN_PROGRESS);
        assertThat(running.expiresAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(running.completed()).isEqualTo(-1);
        assertThat(AnthropicBatchApi.status(JSON.readTree(batch("b", "canceling", "")))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.CANCELLING);
        ProviderBatchStatus ended = AnthropicBatchApi.status(JSON.readTree(batch("b", "ended", "")));
        assertThat(ended.state()).isEqualTo(ProviderBatchStatus.State.COMPLETED);
        assertThat(ended.completed()).isEqualTo(3);
        assertThat(ended.failed()).isEqualTo(1);
        assertThat(AnthropicBatchApi.status(JSON.readTree(batch("b", "ended", "")
                                .replace(
                                        "\"cancel_initiated_at\":null",
                                        "\"cancel_initiated_at\":\"2026-01-01T01:00:00Z\"")))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.CANCELLED);
        assertThat(AnthropicBatchApi.status(
                                JSON.readTree(batch("b", "ended", "").replace("\"expired\":0", "\"expired\":2")))
                        .state())
                .isEqualTo(ProviderBatchStatus.State.EXPIRED);
    }

    @Test
    void shouldFindTheGroupsEndedBatchByItsMarkerOnAnyPage() {
        server.answer(
                "GET /v1/messages/batches",
                200,
                "{\"data\":[" + batch("msgbatch_run", "in_progress", "") + "," + batch("msgbatch_other", "ended", "")
                        + "],\"has_more\":true,\"first_id\":\"msgbatch_run\",\"last_id\":\"msgbatch_other\"}");
        server.answer(
                "GET /v1/messages/batches?limit=100&after_id=msgbatch_other",
                200,
                "{\"data\":[" + batch("msgbatch_ours", "ended", "")
                        + "],\"has_more\":false,\"first_id\":\"msgbatch_ours\",\"last_id\":\"msgbatch_ours\"}");
        server.answer(
                "GET /v1/messages/batches/msgbatch_other/results",
                200,
                "{\"custom_id\":\"" + AnthropicBatchApi.marker("group-other")
                        + "\",\"result\":{\"type\":\"expired\"}}");
        server.answer(
                "GET /v1/messages/batches/msgbatch_ours/results",
                200,
                "{\"custom_id\":\"line-1\",\"result\":{\"type\":\"expired\"}}\n{\"custom_id\":\""
                        + AnthropicBatchApi.marker("group-7") + "\",\"result\":{\"type\":\"expired\"}}");

        assertThat(api.find("group-7")).contains(new ProviderBatchRef("msgbatch_ours", Map.of()));
        assertThat(api.find("group-8")).isEmpty();
        // an in-progress batch has no results to read: it is never asked for them
        assertThat(server.seen("GET", "/v1/messages/batches/msgbatch_run/results"))
                .isEmpty();
    }

    @Test
    void shouldRefuseASubmitTheProviderRefusesWithTheRealtimeClassAndNoKey() {
        server.answer(
                "POST /v1/messages/batches",
                401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key "
                        + KEY + "\"}}");

        assertThatThrownBy(() -> api.submit("group-7", lines())).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
            assertThat(e.getMessage()).contains("POST /v1/messages/batches").doesNotContain(KEY);
        });
        server.answer(
                "POST /v1/messages/batches",
                400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"requests: too many\"}}");
        assertThatThrownBy(() -> api.submit("group-7", lines()))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
    }

    @Test
    void shouldRefuseLinesOfTwoModelsOrAnInvalidCustomIdWithoutCallingTheProvider() {
        List<BatchLine> twoModels = List.of(
                lines().get(0),
                new BatchLine("line-9", dispatched(chatJob("r9", "x").build(), "claude", "claude-haiku-4-5")));
        assertThatThrownBy(() -> api.submit("g", twoModels))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
        List<BatchLine> badId =
                List.of(new BatchLine("a b", dispatched(chatJob("r9", "x").build(), "claude", "claude-haiku-4-5")));
        assertThatThrownBy(() -> api.submit("g", badId)).hasMessageContaining("'a b'");
        assertThat(server.seen).isEmpty();
    }
}
