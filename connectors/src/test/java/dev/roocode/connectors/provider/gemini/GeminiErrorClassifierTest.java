package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.TestJobs.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.HttpAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gemini error details beyond the contract's per-class table ({@link GeminiContractTest}). */
class GeminiErrorClassifierTest {
    private static final String TYPE = "gemini";
    private final GeminiAdapter adapter = new GeminiAdapter();

    private static HttpAnswer answer(int status, String fixture, Map<String, List<String>> headers) {
        return new HttpAnswer(status, headers, fixture == null ? new byte[0] : fixture(TYPE, fixture));
    }

    @Test
    void shouldNameStatusAndReasonButNotEchoAuthenticationMessages() {
        assertThat(adapter.classify(answer(400, "authentication.response.json", Map.of()))
                        .message())
                .isEqualTo("HTTP 400 INVALID_ARGUMENT (API_KEY_INVALID)");
        assertThat(adapter.classify(answer(404, "not-found.response.json", Map.of()))
                        .message())
                .startsWith("HTTP 404 NOT_FOUND: models/gemini-0.0-pro is not found");
    }

    @Test
    void shouldReadRetryDelayFromTheBody() {
        assertThat(adapter.classify(answer(429, "rate-limited.response.json", Map.of()))
                        .retryAfter())
                .isEqualTo(Duration.ofSeconds(43));
    }

    @Test
    void shouldPreferRetryAfterHeaderInSecondsOrAsHttpDate() {
        assertThat(adapter.classify(answer(429, "rate-limited.response.json", Map.of("Retry-After", List.of("5"))))
                        .retryAfter())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(adapter.classify(answer(
                                503,
                                "unavailable.response.json",
                                Map.of(
                                        "Retry-After",
                                        List.of("Wed, 21 Oct 2026 07:28:30 GMT"),
                                        "Date",
                                        List.of("Wed, 21 Oct 2026 07:28:00 GMT"))))
                        .retryAfter())
                .isEqualTo(Duration.ofSeconds(30));
    }
}
