package dev.roocode.connectors.provider.openai;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.schemas.avro.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.TestJobs;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatContractTest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The openai type on the provider contract, plus organization/project headers and reasoning-model token limits. */
class OpenAiContractTest extends OpenAiFormatContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("openai-main", "https://api.openai.com")
                .setType(OpenAiAdapter.TYPE)
                .setOrganization("org-roocode")
                .setProject("proj_batch")
                .build();
    }

    @Override
    protected String expectedChatUri() {
        return "https://api.openai.com/v1/chat/completions";
    }

    @Override
    protected String expectedEmbeddingUri() {
        return "https://api.openai.com/v1/embeddings";
    }

    @Override
    protected Map<String, String> expectedAuthHeaders(String apiKey) {
        return Map.of(
                "Authorization",
                "Bearer " + apiKey,
                "OpenAI-Organization",
                "org-roocode",
                "OpenAI-Project",
                "proj_batch");
    }

    @Override
    protected ResponseCase lengthCase() {
        return ResponseCase.chat("chat-length", "The capital of France is", "length", 13, 64, 77);
    }

    @Override
    protected List<ErrorCase> rateLimitCases() {
        return openAiRateLimitCases();
    }

    @ParameterizedTest
    @CsvSource({
        "o1, true",
        "o3-mini, true",
        "o4-mini-2025-04-16, true",
        "gpt-5, true",
        "gpt-4o-mini, false",
        "omni-moderation-latest, false"
    })
    void shouldSendMaxCompletionTokensToReasoningModels(String model, boolean reasoning) throws Exception {
        Job job = chatJob("r-o", "hi").build();
        job.getChat().setMaxTokens(100);

        JsonNode body = JSON.readTree(adapter.toHttpCall(TestJobs.dispatched(job, "openai-main", model), config(), KEY)
                .body());

        assertThat(body.has("max_completion_tokens")).isEqualTo(reasoning);
        assertThat(body.has("max_tokens")).isEqualTo(!reasoning);
    }

    @Test
    void shouldSendNoOrganizationHeadersWhenNotConfigured() {
        ProviderConfig plain = provider("openai-plain", "https://api.openai.com/v1")
                .setType(OpenAiAdapter.TYPE)
                .build();

        HttpCall call = adapter.toHttpCall(assigned(chatJob("r-p", "hi").build()), plain, KEY);

        assertThat(call.uri()).hasToString("https://api.openai.com/v1/chat/completions");
        assertThat(call.headers()).doesNotContainKeys("OpenAI-Organization", "OpenAI-Project");
    }
}
