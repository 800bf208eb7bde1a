package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class ProviderBatchApisTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldCreateTheAnthropicAndGeminiBatchApis() {
        assertThat(ProviderBatchApis.supports("anthropic")).isTrue();
        assertThat(ProviderBatchApis.supports("gemini")).isTrue();
        assertThat(ProviderBatchApis.create(
                        provider("claude", "https://api.anthropic.com")
                                .setType("anthropic")
                                .build(),
                        "key",
                        http))
                .isInstanceOf(AnthropicBatchApi.class);
        assertThat(ProviderBatchApis.create(
                        provider("g", "https://generativelanguage.googleapis.com")
                                .setType("gemini")
                                .build(),
                        "key",
                        http))
                .isInstanceOf(GeminiBatchApi.class);
    }

    @Test
    void shouldRefuseATypeWithoutBatchApi() {
        assertThat(ProviderBatchApis.supports("cohere")).isFalse();
        assertThatThrownBy(() -> ProviderBatchApis.create(
                        provider("c", "https://api.cohere.com")
                                .setType("cohere")
                                .build(),
                        null,
                        http))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cohere");
    }
}
