package dev.roocode.connectors.provider.openaicompatible;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompatibleErrorClassifierTest {
    private static final String TYPE = "openai-compatible";
    private final OpenAiCompatibleAdapter adapter = new OpenAiCompatibleAdapter();

    private static HttpAnswer answer(int status, String fixture, Map<String, List<String>> headers) {
        return new HttpAnswer(status, headers, fixture == null ? new byte[0] : fixture(TYPE, fixture));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "401, authentication.response.json,      AUTHENTICATION,       false",
        "403, permission.response.json,          PERMISSION,           false",
        "400, bad-request.response.json,         BAD_REQUEST,          false",
        "400, context-length.response.json,      CONTEXT_LENGTH,       false",
        "422, context-length-tgi.response.json,  CONTEXT_LENGTH,       false",
        "400, content-policy.response.json,      CONTENT_POLICY,       false",
        "404, not-found.response.json,           NOT_FOUND,            false",
        "413, request-too-large.response.json,   CONTEXT_LENGTH,       false",
        "422, unprocessable.response.json,       BAD_REQUEST,          false",
        "408, timeout.response.json,             TIMEOUT,              true",
        "429, rate-limited.response.json,        RATE_LIMITED,         true",
        "429, insufficient-quota.response.json,  RATE_LIMITED,         false",
        "500, provider-error.response.json,      PROVIDER_ERROR,       true",
        "502, invalid-html.response.json,        PROVIDER_UNAVAILABLE, true",
        "503, unavailable.response.json,         PROVIDER_UNAVAILABLE, true",
        "504, invalid-html.response.json,        PROVIDER_UNAVAILABLE, true",
        "501, provider-error.response.json,      PROVIDER_ERROR,       false",
        "418, bad-request.response.json,         BAD_REQUEST,          false",
    })
    void shouldClassifyEveryErrorClass(int status, String fixture, ErrorClass expected, boolean retryable) {
        ProviderError error = adapter.classify(answer(status, fixture, Map.of()));

        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.retryable()).isEqualTo(retryable);
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.message()).startsWith("HTTP " + status).doesNotContain("\n");
    }

    @Test
    void shouldNotEchoAuthenticationBodiesThatQuoteTheKey() {
        ProviderError error = adapter.classify(answer(401, "authentication.response.json", Map.of()));

        assertThat(error.message()).isEqualTo("HTTP 401 invalid_api_key").doesNotContain("sk-");
    }

    @Test
    void shouldClassifyEmptyBody() {
        assertThat(adapter.classify(answer(503, null, Map.of())).errorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
    }

    @Test
    void shouldReadRetryAfterSeconds() {
        ProviderError error = adapter.classify(answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("20"))));

        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldPreferRetryAfterMs() {
        ProviderError error = adapter.classify(answer(429, "rate-limited.response.json",
                Map.of("retry-after-ms", List.of("1500"), "retry-after", List.of("2"))));

        assertThat(error.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldReadRetryAfterHttpDateAgainstDateHeader() {
        ProviderError error = adapter.classify(answer(503, "unavailable.response.json", Map.of(
                "Retry-After", List.of("Wed, 21 Oct 2026 07:28:30 GMT"),
                "Date", List.of("Wed, 21 Oct 2026 07:28:00 GMT"))));

        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldReadRetryAfterHttpDateAgainstArrivalTime() {
        HttpAnswer answer = new HttpAnswer(429, Map.of("Retry-After", List.of("Wed, 21 Oct 2026 07:28:10 GMT")),
                fixture(TYPE, "rate-limited.response.json"), Instant.parse("2026-10-21T07:28:00Z"));

        assertThat(adapter.classify(answer).retryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldIgnoreUnparseableRetryAfter() {
        ProviderError error = adapter.classify(answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("soon"))));

        assertThat(error.retryAfter()).isNull();
    }
}
