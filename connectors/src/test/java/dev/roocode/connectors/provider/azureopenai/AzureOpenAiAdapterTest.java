package dev.roocode.connectors.provider.azureopenai;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.connectors.provider.contract.InvalidCase.invalid;
import static dev.roocode.schemas.avro.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.connectors.TestJobs;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.JobField;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The azure-openai type on the provider contract, plus deployment resolution and auth styles. */
class AzureOpenAiAdapterTest extends ProviderContractTest {
    private final AzureOpenAiAdapter adapter = new AzureOpenAiAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("azure-eu", "https://roocode-eu.openai.azure.com/").setType(AzureOpenAiAdapter.TYPE)
                .setApiVersion("2024-10-21")
                .setDeployments(Map.of("small", "gpt4o-mini-eu", "embed", "te3-small-eu"))
                .build();
    }

    @Override
    protected Set<JobField> supportedFields() {
        return EnumSet.complementOf(EnumSet.of(JobField.EMBEDDING_INPUT_TYPE));
    }

    @Override
    protected String expectedChatUri() {
        return "https://roocode-eu.openai.azure.com/openai/deployments/gpt4o-mini-eu/chat/completions?api-version=2024-10-21";
    }

    @Override
    protected String expectedEmbeddingUri() {
        return "https://roocode-eu.openai.azure.com/openai/deployments/te3-small-eu/embeddings?api-version=2024-10-21";
    }

    @Override
    protected Map<String, String> expectedAuthHeaders(String apiKey) {
        return Map.of("api-key", apiKey);
    }

    @Override
    protected List<ResponseCase> responseCases() {
        return List.of(
                ResponseCase.chat("chat-basic", "Hello! How can I assist you today?", "stop", 19, 10, 29),
                ResponseCase.chat("chat-length", "Yes, many other Azure AI services also support customer managed keys", "length", 58, 16, 74),
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
                of("rate-limited", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(6)),
                of("rate-limited-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(6)),
                of("rate-limited-ms", 429, RATE_LIMITED, true).retryAfter(Duration.ofMillis(5500)),
                of("provider-error", 500, PROVIDER_ERROR, true),
                of("provider-error-truncated", 500, PROVIDER_ERROR, true),
                of("invalid-html", 502, PROVIDER_UNAVAILABLE, true),
                of("unavailable", 503, PROVIDER_UNAVAILABLE, true));
    }

    @Test
    void shouldFallBackToProviderModelAsDeploymentAndDefaultApiVersion() {
        ProviderConfig bare = provider("azure-us", "https://roocode-us.openai.azure.com").setType(AzureOpenAiAdapter.TYPE).build();

        HttpCall call = adapter.toHttpCall(TestJobs.dispatched(chatJob("r-a", "hi").build(), "azure-us", "gpt-4o"), bare, KEY);

        assertThat(call.uri()).hasToString("https://roocode-us.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    }

    @Test
    void shouldSendBearerTokenWhenSettingsSayAuthBearer() {
        ProviderConfig entra = provider("azure-entra", "https://x.openai.azure.com").setType(AzureOpenAiAdapter.TYPE)
                .setSettings(Map.of("auth", "bearer")).build();

        HttpCall call = adapter.toHttpCall(assigned(chatJob("r-b", "hi").build()), entra, KEY);

        assertThat(call.headers()).containsEntry("Authorization", "Bearer " + KEY).doesNotContainKey("api-key");
    }

    @Test
    void shouldRefuseUnknownAuthSettingWithoutTheKey() {
        ProviderConfig wrong = provider("azure-x", "https://x.openai.azure.com").setType(AzureOpenAiAdapter.TYPE)
                .setSettings(Map.of("auth", "oauth")).build();

        assertThatThrownBy(() -> adapter.toHttpCall(assigned(chatJob("r-c", "hi").build()), wrong, KEY))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(BAD_REQUEST))
                .hasMessageContaining("auth='oauth'")
                .hasMessageNotContaining(KEY);
    }
}
