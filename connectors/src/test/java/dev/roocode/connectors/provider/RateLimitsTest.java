package dev.roocode.connectors.provider;

import static dev.roocode.connectors.TestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each provider type reads its own rate-limit headers ({@link ProviderAdapter#rateLimits}) for the worker's pacing. */
class RateLimitsTest {

    private static RateLimits read(String type, HttpAnswer answer) {
        return ProviderAdapters.forType(type).rateLimits(answer, T0);
    }

    @Test
    void shouldReadOpenAiHeadersWithGoDurations() {
        HttpAnswer answer = new HttpAnswer(
                429,
                Map.of(
                        "x-ratelimit-limit-requests", List.of("3000"),
                        "x-ratelimit-remaining-requests", List.of("0"),
                        "x-ratelimit-reset-requests", List.of("59.5s"),
                        "x-ratelimit-limit-tokens", List.of("200000"),
                        "x-ratelimit-remaining-tokens", List.of("1500"),
                        "x-ratelimit-reset-tokens", List.of("6m0s"),
                        "retry-after-ms", List.of("1200"),
                        "retry-after", List.of("2")),
                null);

        for (String type : List.of("openai", "azure-openai", "openai-compatible", "huggingface")) {
            RateLimits info = read(type, answer);

            assertThat(info.limitRequests()).as(type).isEqualTo(3000);
            assertThat(info.remainingRequests()).as(type).isZero();
            assertThat(info.resetRequests()).as(type).isEqualTo(T0.plusMillis(59_500));
            assertThat(info.limitTokens()).as(type).isEqualTo(200_000);
            assertThat(info.remainingTokens()).as(type).isEqualTo(1500);
            assertThat(info.resetTokens()).as(type).isEqualTo(T0.plusSeconds(360));
            assertThat(info.retryAfter()).as("retry-after-ms wins").isEqualTo(T0.plusMillis(1200));
        }
    }

    @Test
    void shouldReadAnthropicHeadersWithRfc3339Resets() {
        HttpAnswer answer = new HttpAnswer(
                200,
                Map.of(
                        "anthropic-ratelimit-requests-limit", List.of("50"),
                        "anthropic-ratelimit-requests-remaining", List.of("49"),
                        "anthropic-ratelimit-requests-reset", List.of("2026-01-01T00:00:30Z")),
                null);

        RateLimits info = read("anthropic", answer);

        assertThat(info.limitRequests()).isEqualTo(50);
        assertThat(info.remainingRequests()).isEqualTo(49);
        assertThat(info.resetRequests()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void shouldReadTheIetfRateLimitHeaderOfHuggingFace() {
        HttpAnswer answer = new HttpAnswer(
                200,
                Map.of(
                        "RateLimit", List.of("\"api\";r=412;t=120"),
                        "RateLimit-Policy", List.of("\"fixed window\";\"api\";q=1000;w=300")),
                null);

        RateLimits info = read("huggingface", answer);

        assertThat(info.remainingRequests()).isEqualTo(412);
        assertThat(info.resetRequests()).isEqualTo(T0.plusSeconds(120));
        assertThat(info.limitRequests())
                .as("the policy's quota is per 5 minutes, not an RPM")
                .isNull();
    }

    @Test
    void shouldIgnoreAnIetfRateLimitItemWithoutBothRemainingAndReset() {
        HttpAnswer answer = new HttpAnswer(200, Map.of("RateLimit", List.of("\"api\";r=412")), null);

        assertThat(read("huggingface", answer).isEmpty()).isTrue();
    }

    @Test
    void shouldReadOnlyRetryAfterWhereTheProviderDocumentsNoRateLimitHeaders() {
        HttpAnswer answer = new HttpAnswer(
                429, Map.of("x-ratelimit-remaining-requests", List.of("0"), "retry-after", List.of("7")), null);

        for (String type : List.of("gemini", "cohere")) {
            assertThat(read(type, answer))
                    .as(type)
                    .isEqualTo(new RateLimits(null, null, null, null, null, null, T0.plusSeconds(7)));
        }
    }

    @Test
    void shouldPauseForTheClassifiedWaitFirstThenRetryAfterThenTheExhaustedReset() {
        RateLimits headers =
                new RateLimits(null, 0L, T0.plusSeconds(50), null, 10L, T0.plusSeconds(5), T0.plusSeconds(20));
        RateLimits exhausted = new RateLimits(null, 5L, T0.plusSeconds(50), null, 0L, T0.plusSeconds(5), null);

        assertThat(headers.pauseUntil(Duration.ofSeconds(43), T0))
                .as("the adapter's wait, e.g. Gemini's retryDelay")
                .isEqualTo(T0.plusSeconds(43));
        assertThat(headers.pauseUntil(null, T0)).isEqualTo(T0.plusSeconds(20));
        assertThat(exhausted.pauseUntil(null, T0)).isEqualTo(T0.plusSeconds(5));
        assertThat(RateLimits.NONE.pauseUntil(null, T0)).isNull();
    }

    @Test
    void shouldParseResetDurations() {
        assertThat(RateLimits.resetTime("120ms", T0)).isEqualTo(T0.plusMillis(120));
        assertThat(RateLimits.resetTime("1m30s", T0)).isEqualTo(T0.plusSeconds(90));
        assertThat(RateLimits.resetTime("1h", T0)).isEqualTo(T0.plusSeconds(3600));
        assertThat(RateLimits.resetTime("3", T0)).isEqualTo(T0.plusSeconds(3));
        assertThat(RateLimits.resetTime("soon", T0)).isNull();
    }

    @Test
    void shouldReadAnHttpDateRetryAfterFromNowWhenTheAnswerCarriesNoDate() {
        HttpAnswer answer = new HttpAnswer(429, Map.of("retry-after", List.of("Thu, 01 Jan 2026 00:00:20 GMT")), null);
        assertThat(read("openai", answer).retryAfter()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void shouldMeasureAnHttpDateRetryAfterFromTheAnswersDate() {
        HttpAnswer answer = new HttpAnswer(
                429,
                Map.of(
                        "retry-after",
                        List.of("Thu, 01 Jan 2026 00:00:20 GMT"),
                        "date",
                        List.of("Thu, 01 Jan 2026 00:00:15 GMT")),
                null);
        assertThat(read("openai", answer).retryAfter())
                .as("5 s by the server's own clock")
                .isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldIgnoreANegativeRetryAfterAsTheClassifiersDo() {
        HttpAnswer seconds = new HttpAnswer(429, Map.of("retry-after", List.of("-5")), null);
        HttpAnswer millis = new HttpAnswer(429, Map.of("retry-after-ms", List.of("-1500")), null);

        assertThat(read("openai", seconds).retryAfter()).isNull();
        assertThat(read("openai", millis).retryAfter()).isNull();
        assertThat(ProviderAdapters.forType("openai").classify(seconds).retryAfter())
                .isNull();
    }
}
