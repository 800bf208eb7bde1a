package dev.roocode.connectors.provider.openai;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.connectors.provider.contract.InvalidCase.invalid;
import static dev.roocode.schemas.avro.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.TestJobs;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.JobField;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The openai type on the provider contract, plus organization/project headers and reasoning-model token limits. */
class OpenAiAdapterTest extends ProviderContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("openai-main", "https://api.openai.com").setType(OpenAiAdapter.TYPE)
                .setOrganization("org-roocode").setProject("proj_batch").build();
    }

    @Override
    protected Set<JobField> supportedFields() {
        return EnumSet.complementOf(EnumSet.of(JobField.EMBEDDING_INPUT_TYPE));
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
        return Map.of("Authorization", "Bearer " + apiKey, "OpenAI-Organization", "org-roocode", "OpenAI-Project", "proj_batch");
    }

    @Override
    protected List<ResponseCase> responseCases() {
        return List.of(
                ResponseCase.chat("chat-basic", "Hello! How can I assist you today?", "stop", 19, 10, 29),
                ResponseCase.chat("chat-length", "The capital of France is", "length", 13, 64, 77),
                ResponseCase.chat("chat-content-filter", null, "content_filter", 31, 12, 43),
                ResponseCase.toolCall("chat-tool-calls", "get_current_weather", 82, 17, 99),
                ResponseCase.embeddings("embeddings", 2, 0.0023064255f, 8, 8));
    }

    @Override
    protected List<InvalidCase> invalidCases() {
        return List.of(
                invalid("invalid-no-choices", JobKind.CHAT),
                invalid("invalid-no-message", JobKind.CHAT),
                invalid("invalid-no-data", JobKind.EMBEDDING));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        return List.of(
                of("bad-request", 400, BAD_REQUEST, false),
                of("context-length", 400, CONTEXT_LENGTH, false),
                of("content-policy", 400, CONTENT_POLICY, false),
                of("authentication", 401, AUTHENTICATION, false),
                of("permission", 403, PERMISSION, false),
                of("not-found", 404, NOT_FOUND, false),
                of("timeout", 408, TIMEOUT, true),
                of("request-too-large", 413, CONTEXT_LENGTH, false),
                of("unprocessable", 422, BAD_REQUEST, false),
                of("rate-limited", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(20)),
                of("rate-limited-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(30)),
                of("rate-limited-reset", 429, RATE_LIMITED, true).retryAfter(Duration.ofMinutes(6)),
                of("insufficient-quota", 429, RATE_LIMITED, false),
                of("provider-error", 500, PROVIDER_ERROR, true),
                of("provider-error-truncated", 500, PROVIDER_ERROR, true),
                of("invalid-html", 502, PROVIDER_UNAVAILABLE, true),
                of("unavailable", 503, PROVIDER_UNAVAILABLE, true));
    }

    @ParameterizedTest
    @CsvSource({"o1, true", "o3-mini, true", "o4-mini-2025-04-16, true", "gpt-5, true", "gpt-4o-mini, false", "omni-moderation-latest, false"})
    void shouldSendMaxCompletionTokensToReasoningModels(String model, boolean reasoning) throws Exception {
        Job job = chatJob("r-o", "hi").build();
        job.getChat().setMaxTokens(100);

        JsonNode body = JSON.readTree(adapter.toHttpCall(TestJobs.dispatched(job, "openai-main", model), config(), KEY).body());

        assertThat(body.has("max_completion_tokens")).isEqualTo(reasoning);
        assertThat(body.has("max_tokens")).isEqualTo(!reasoning);
    }

    @Test
    void shouldSendNoOrganizationHeadersWhenNotConfigured() {
        ProviderConfig plain = provider("openai-plain", "https://api.openai.com/v1").setType(OpenAiAdapter.TYPE).build();

        HttpCall call = adapter.toHttpCall(assigned(chatJob("r-p", "hi").build()), plain, KEY);

        assertThat(call.uri()).hasToString("https://api.openai.com/v1/chat/completions");
        assertThat(call.headers()).doesNotContainKeys("OpenAI-Organization", "OpenAI-Project");
    }
}
