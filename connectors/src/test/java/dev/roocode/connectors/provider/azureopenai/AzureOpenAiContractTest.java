package dev.roocode.connectors.provider.azureopenai;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.schemas.avro.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.connectors.TestJobs;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatContractTest;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The azure-openai type on the provider contract, plus deployment resolution and auth styles. */
class AzureOpenAiContractTest extends OpenAiFormatContractTest {
    private final AzureOpenAiAdapter adapter = new AzureOpenAiAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("azure-eu", "https://roocode-eu.openai.azure.com/")
                .setType(AzureOpenAiAdapter.TYPE)
                .setApiVersion("2024-10-21")
                .setDeployments(Map.of("small", "gpt4o-mini-eu", "embed", "te3-small-eu"))
                .build();
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
    protected ResponseCase lengthCase() {
        return ResponseCase.chat(
                "chat-length",
                "Yes, many other Azure AI services also support customer managed keys",
                "length",
                58,
                16,
                74);
    }

    @Override
    protected List<ErrorCase> rateLimitCases() {
        return List.of(
                of("rate-limited", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(6)),
                of("rate-limited-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(6)),
                of("rate-limited-ms", 429, RATE_LIMITED, true).retryAfter(Duration.ofMillis(5500)));
    }

    @Test
    void shouldFallBackToProviderModelAsDeploymentAndDefaultApiVersion() {
        ProviderConfig bare = provider("azure-us", "https://roocode-us.openai.azure.com")
                .setType(AzureOpenAiAdapter.TYPE)
                .build();

        HttpCall call =
                adapter.toHttpCall(TestJobs.dispatched(chatJob("r-a", "hi").build(), "azure-us", "gpt-4o"), bare, KEY);

        assertThat(call.uri())
                .hasToString(
                        "https://roocode-us.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    }

    @Test
    void shouldSendBearerTokenWhenSettingsSayAuthBearer() {
        ProviderConfig entra = provider("azure-entra", "https://x.openai.azure.com")
                .setType(AzureOpenAiAdapter.TYPE)
                .setSettings(Map.of("auth", "bearer"))
                .build();

        HttpCall call = adapter.toHttpCall(assigned(chatJob("r-b", "hi").build()), entra, KEY);

        assertThat(call.headers())
                .containsEntry("Authorization", "Bearer " + KEY)
                .doesNotContainKey("api-key");
    }

    @Test
    void shouldRefuseUnknownAuthSettingWithoutTheKey() {
        ProviderConfig wrong = provider("azure-x", "https://x.openai.azure.com")
                .setType(AzureOpenAiAdapter.TYPE)
                .setSettings(Map.of("auth", "oauth"))
                .build();

        assertThatThrownBy(
                        () -> adapter.toHttpCall(assigned(chatJob("r-c", "hi").build()), wrong, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(BAD_REQUEST))
                .hasMessageContaining("auth='oauth'")
                .hasMessageNotContaining(KEY);
    }
}
