package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.TestJobs.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiErrorClassifierTest {
    private static final String TYPE = "gemini";
    private final GeminiAdapter adapter = new GeminiAdapter();

    private static HttpAnswer answer(int status, String fixture, Map<String, List<String>> headers) {
        return new HttpAnswer(status, headers, fixture == null ? new byte[0] : fixture(TYPE, fixture));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "400, bad-request.response.json,          BAD_REQUEST,          false",
        "400, authentication.response.json,       AUTHENTICATION,       false",
        "400, context-length.response.json,       CONTEXT_LENGTH,       false",
        "400, failed-precondition.response.json,  PERMISSION,           false",
        "401, unauthenticated.response.json,      AUTHENTICATION,       false",
        "403, permission.response.json,           PERMISSION,           false",
        "404, not-found.response.json,            NOT_FOUND,            false",
        "408, ,                                   TIMEOUT,              true",
        "413, invalid-html.response.json,         CONTEXT_LENGTH,       false",
        "422, bad-request.response.json,          BAD_REQUEST,          false",
        "429, rate-limited.response.json,         RATE_LIMITED,         true",
        "500, internal.response.json,             PROVIDER_ERROR,       true",
        "502, invalid-html.response.json,         PROVIDER_UNAVAILABLE, true",
        "503, unavailable.response.json,          PROVIDER_UNAVAILABLE, true",
        "504, deadline-exceeded.response.json,    TIMEOUT,              true",
        "501, invalid-truncated.response.json,    PROVIDER_ERROR,       false",
    })
    void shouldClassifyEveryErrorClass(int status, String fixture, ErrorClass expected, boolean retryable) {
        ProviderError error = adapter.classify(answer(status, fixture, Map.of()));

        assertThat(error.errorClass()).isEqualTo(expected);
        assertThat(error.retryable()).isEqualTo(retryable);
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.message()).startsWith("HTTP " + status).doesNotContain("\n");
    }

    @Test
    void shouldNameStatusAndReasonButNotEchoAuthenticationMessages() {
        assertThat(adapter.classify(answer(400, "authentication.response.json", Map.of())).message())
                .isEqualTo("HTTP 400 INVALID_ARGUMENT (API_KEY_INVALID)");
        assertThat(adapter.classify(answer(404, "not-found.response.json", Map.of())).message())
                .startsWith("HTTP 404 NOT_FOUND: models/gemini-0.0-pro is not found");
    }

    @Test
    void shouldReadRetryDelayFromTheBody() {
        assertThat(adapter.classify(answer(429, "rate-limited.response.json", Map.of())).retryAfter()).isEqualTo(Duration.ofSeconds(43));
    }

    @Test
    void shouldPreferRetryAfterHeaderInSecondsOrAsHttpDate() {
        assertThat(adapter.classify(answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("5")))).retryAfter())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(adapter.classify(answer(503, "unavailable.response.json", Map.of(
                "Retry-After", List.of("Wed, 21 Oct 2026 07:28:30 GMT"), "Date", List.of("Wed, 21 Oct 2026 07:28:00 GMT")))).retryAfter())
                .isEqualTo(Duration.ofSeconds(30));
    }
}
