package dev.roocode.sandbox.simulator;

import static dev.roocode.sandbox.simulator.OpenAiBatchWireFormatTest.assertConforms;
import static dev.roocode.sandbox.simulator.OpenAiBatchWireFormatTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.sandbox.simulator.batch.BatchSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azure OpenAI global batch on the simulator: OpenAI's objects under /openai with api-version and deployments. */
class AzureOpenAiBatchWireFormatTest {

    private final MutableClock clock = new MutableClock();
    private ProviderSimulator simulator;
    private BatchHttp api;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.builder()
                .apiKey("az-key")
                .clock(clock)
                .batchSettings(BatchSettings.DEFAULTS.withTurnaround(Duration.ofMinutes(10)))
                .build()
                .start();
        api = new BatchHttp(simulator.url() + "/openai", "api-version=2024-10-21", "api-key", "az-key");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void shouldAnswerLinesByTheirDeploymentWithAzureErrors() throws Exception {
        String fileId = json(api.upload("batch", line("a", "gpt-4o-mini-batch") + line("b", "sim-flaky-100")))
                .get("id")
                .asText();
        JsonNode created = json(api.post(
                "/batches",
                "{\"input_file_id\":\"" + fileId
                        + "\",\"endpoint\":\"/chat/completions\",\"completion_window\":\"24h\","
                        + "\"metadata\":{\"roocode_group\":\"g-az\"}}"));
        assertConforms("openai-openapi.yaml", "Batch", created);

        clock.advance(Duration.ofMinutes(10));
        JsonNode done = json(api.get("/batches/" + created.get("id").asText()));

        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(api.lines(done.get("output_file_id").asText()))
                .singleElement()
                .satisfies(line -> assertThat(line.at("/response/body/model").asText())
                        .as("the deployment answers under its own name")
                        .isEqualTo("gpt-4o-mini-batch"));
        assertThat(api.lines(done.get("error_file_id").asText()))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.at("/response/status_code").asInt()).isIn(500, 503);
                    assertThat(line.at("/response/body/error/code").asText())
                            .isIn("InternalServerError", "ServiceUnavailable");
                });
        assertThat(json(api.get("/batches"))
                        .at("/data/0/metadata/roocode_group")
                        .asText())
                .isEqualTo("g-az");
    }

    @Test
    void shouldRequireTheApiVersionAndAzuresKey() throws Exception {
        HttpResponse<String> noVersion =
                new BatchHttp(simulator.url() + "/openai", "", "api-key", "az-key").get("/batches");
        HttpResponse<String> wrongKey =
                new BatchHttp(simulator.url() + "/openai", "api-version=2024-10-21", "api-key", "nope").get("/batches");

        assertThat(noVersion.statusCode()).isEqualTo(404);
        assertThat(json(noVersion).at("/error/code").asText()).isEqualTo("404");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).doesNotContain("nope");
    }

    private static String line(String customId, String deployment) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":"
                + SimClient.chatBody(deployment, "hello " + customId) + "}\n";
    }
}
