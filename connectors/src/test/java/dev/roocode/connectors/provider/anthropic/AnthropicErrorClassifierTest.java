package dev.roocode.connectors.provider.anthropic;

import static dev.roocode.connectors.TestJobs.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Anthropic error details beyond the contract's per-class table ({@link AnthropicContractTest}). */
class AnthropicErrorClassifierTest {
    private static final String TYPE = "anthropic";
    private final AnthropicAdapter adapter = new AnthropicAdapter();

    private static HttpAnswer answer(int status, String fixture, Map<String, List<String>> headers) {
        return new HttpAnswer(status, headers, fixture == null ? new byte[0] : fixture(TYPE, fixture));
    }

    @Test
    void shouldNameTheErrorTypeAndMessage() {
        assertThat(adapter.classify(answer(400, "context-length.response.json", Map.of()))
                        .message())
                .isEqualTo("HTTP 400 invalid_request_error: prompt is too long: 215003 tokens > 200000 maximum");
    }

    @Test
    void shouldNotEchoAuthenticationBodies() {
        assertThat(adapter.classify(answer(401, "authentication.response.json", Map.of()))
                        .message())
                .isEqualTo("HTTP 401 authentication_error");
    }

    @Test
    void shouldReadRetryAfterSeconds() {
        ProviderError error =
                adapter.classify(answer(429, "rate-limited.response.json", Map.of("retry-after", List.of("17"))));

        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(17));
    }

    @Test
    void shouldReadRetryAfterHttpDate() {
        ProviderError error = adapter.classify(answer(
                529,
                "overloaded.response.json",
                Map.of(
                        "Retry-After",
                        List.of("Wed, 21 Oct 2026 07:28:30 GMT"),
                        "Date",
                        List.of("Wed, 21 Oct 2026 07:28:00 GMT"))));

        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldFallBackToTheLatestResetOfAnExhaustedRateLimit() {
        HttpAnswer answer = new HttpAnswer(
                429,
                Map.of(
                        "anthropic-ratelimit-requests-limit", List.of("50"),
                        "anthropic-ratelimit-requests-remaining", List.of("12"),
                        "anthropic-ratelimit-requests-reset", List.of("2026-10-21T07:29:00Z"),
                        "anthropic-ratelimit-input-tokens-limit", List.of("50000"),
                        "anthropic-ratelimit-input-tokens-remaining", List.of("0"),
                        "anthropic-ratelimit-input-tokens-reset", List.of("2026-10-21T07:28:12Z"),
                        "anthropic-ratelimit-tokens-remaining", List.of("0"),
                        "anthropic-ratelimit-tokens-reset", List.of("2026-10-21T07:28:20Z")),
                fixture(TYPE, "rate-limited.response.json"),
                Instant.parse("2026-10-21T07:28:00Z"));

        assertThat(adapter.classify(answer).retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldPreferRetryAfterOverResetHeaders() {
        HttpAnswer answer = new HttpAnswer(
                429,
                Map.of(
                        "retry-after", List.of("3"),
                        "anthropic-ratelimit-tokens-remaining", List.of("0"),
                        "anthropic-ratelimit-tokens-reset", List.of("2026-10-21T07:28:20Z")),
                fixture(TYPE, "rate-limited.response.json"),
                Instant.parse("2026-10-21T07:28:00Z"));

        assertThat(adapter.classify(answer).retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldClassifyByErrorTypeWhenAProxyChangesTheStatus() {
        assertThat(adapter.classify(answer(500, "overloaded.response.json", Map.of()))
                        .errorClass())
                .isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
    }
}
