package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.connectors.provider.contract.ContractJobs;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the OpenAI and Azure batch clients send, checked against the published specs: every JSONL line is a
 * {@code BatchRequestInput} (openai-openapi-batch-lines.yaml) whose body is the realtime request
 * ({@code CreateChatCompletionRequest}, {@code CreateEmbeddingRequest}), and the create call a
 * {@code CreateBatchRequest} (Azure's endpoint and URLs, which lack {@code /v1}, checked as their OpenAI path).
 */
class OpenAiFormatBatchRequestsSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = "openai-openapi.yaml";

    private final List<HttpCall> calls = new ArrayList<>();
    private final Transport recording = (call, timeout) -> {
        calls.add(call);
        String body = call.uri().getPath().endsWith("/files")
                ? "{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":1,\"created_at\":1,\"filename\":\"f\","
                        + "\"purpose\":\"batch\",\"status\":\"processed\"}"
                : "{\"id\":\"batch_1\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\","
                        + "\"input_file_id\":\"file-1\",\"completion_window\":\"24h\",\"status\":\"validating\","
                        + "\"created_at\":1}";
        return CompletableFuture.completedFuture(new HttpAnswer(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    };

    @Test
    void shouldSendOpenAiLinesAndCreateCallsTheSpecAccepts() throws Exception {
        ProviderConfig config =
                provider("oa", "https://api.openai.com").setType("openai").build();
        check(new OpenAiBatchApi(config, "sk-key", recording), "openai", "gpt-4o-mini");

        assertThat(calls.get(0).uri().toString()).isEqualTo("https://api.openai.com/v1/files");
        assertThat(calls.get(1).uri().toString()).isEqualTo("https://api.openai.com/v1/batches");
        assertThat(calls.get(0).headers()).containsEntry("Authorization", "Bearer sk-key");
    }

    @Test
    void shouldSendAzureLinesWithTheDeploymentAsModel() throws Exception {
        ProviderConfig config = provider("az", "https://res.openai.azure.com")
                .setType("azure-openai")
                .setApiVersion("2024-10-21")
                .setDeployments(Map.of("small", "gpt-4o-mini-global-batch"))
                .build();
        List<JsonNode> lines =
                check(new AzureOpenAiBatchApi(config, "az-key", recording), "azure-openai", "gpt-4o-mini");

        assertThat(calls.get(0).uri().toString())
                .isEqualTo("https://res.openai.azure.com/openai/files?api-version=2024-10-21");
        assertThat(calls.get(0).headers()).containsEntry("api-key", "az-key");
        assertThat(lines.get(0).at("/body/model").asText()).isEqualTo("gpt-4o-mini-global-batch");
        assertThat(lines.get(0).get("url").asText()).isEqualTo("/chat/completions");
    }

    /** Submits a chat batch and an embeddings batch with every field the type supports; returns the chat lines. */
    private List<JsonNode> check(ProviderBatchApi api, String type, String model) throws Exception {
        Job chat =
                ContractJobs.chat("chat-1", ProviderContractTest.forType(type).fields());
        Job embedding =
                ContractJobs.embedding(ProviderContractTest.forType(type).fields());
        api.submit("group-1", List.of(new BatchLine("c-1", dispatched(chat, "p", model))));
        List<JsonNode> chatLines = jsonl(calls.get(0));
        JsonNode create = JSON.readTree(calls.get(1).body());
        api.submit("group-2", List.of(new BatchLine("e-1", dispatched(embedding, "p", "text-embedding-3-small"))));
        List<JsonNode> embeddingLines = jsonl(calls.get(2));

        assertConforms(SPEC, "CreateBatchRequest", asOpenAi(create, "endpoint"));
        assertThat(create.at("/metadata/" + OpenAiFormatBatchApi.GROUP_KEY).asText())
                .isEqualTo("group-1");
        for (JsonNode line : chatLines) {
            assertConforms("openai-openapi-batch-lines.yaml", "BatchRequestInput", asOpenAi(line, "url"));
            assertConforms(SPEC, "CreateChatCompletionRequest", line.get("body"));
            assertThat(line.get("custom_id").asText()).isEqualTo("c-1");
        }
        for (JsonNode line : embeddingLines) {
            assertConforms(SPEC, "CreateEmbeddingRequest", line.get("body"));
            assertThat(line.get("url").asText()).endsWith("/embeddings");
        }
        return chatLines;
    }

    /** Azure's {@code /chat/completions} as the spec's {@code /v1/chat/completions}; OpenAI's unchanged. */
    private static JsonNode asOpenAi(JsonNode node, String field) {
        String value = node.get(field).asText();
        return value.startsWith("/v1/") ? node : ((ObjectNode) node.deepCopy()).put(field, "/v1" + value);
    }

    /** The JSONL part of a multipart upload. */
    private static List<JsonNode> jsonl(HttpCall upload) throws Exception {
        assertThat(upload.headers().get("Content-Type")).startsWith("multipart/form-data; boundary=");
        String body = new String(upload.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("name=\"purpose\"\r\n\r\nbatch\r\n");
        String part = body.substring(body.indexOf("application/jsonl\r\n\r\n") + "application/jsonl\r\n\r\n".length());
        part = part.substring(0, part.lastIndexOf("\r\n--"));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : part.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static void assertConforms(String spec, String schema, JsonNode body) {
        assertThat(SpecSchemas.violations(spec, schema, body))
                .as(schema + ": " + body)
                .isEmpty();
    }
}
