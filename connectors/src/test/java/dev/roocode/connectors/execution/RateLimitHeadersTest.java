package dev.roocode.connectors.execution;

import static dev.roocode.connectors.TestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.HttpAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    @Test
    void shouldReadOpenAiHeadersWithGoDurations() {
        HttpAnswer answer = new HttpAnswer(429, Map.of(
                "x-ratelimit-limit-requests", List.of("3000"),
                "x-ratelimit-remaining-requests", List.of("0"),
                "x-ratelimit-reset-requests", List.of("59.5s"),
                "x-ratelimit-limit-tokens", List.of("200000"),
                "x-ratelimit-remaining-tokens", List.of("1500"),
                "x-ratelimit-reset-tokens", List.of("6m0s"),
                "retry-after-ms", List.of("1200"),
                "retry-after", List.of("2")), null);

        RateLimitHeaders.Info info = RateLimitHeaders.read(answer, T0);

        assertThat(info.limitRequests()).isEqualTo(3000);
        assertThat(info.remainingRequests()).isZero();
        assertThat(info.resetRequests()).isEqualTo(T0.plusMillis(59_500));
        assertThat(info.limitTokens()).isEqualTo(200_000);
        assertThat(info.remainingTokens()).isEqualTo(1500);
        assertThat(info.resetTokens()).isEqualTo(T0.plusSeconds(360));
        assertThat(info.retryAfter()).as("retry-after-ms wins").isEqualTo(T0.plusMillis(1200));
    }

    @Test
    void shouldReadAnthropicHeadersWithRfc3339Resets() {
        HttpAnswer answer = new HttpAnswer(200, Map.of(
                "anthropic-ratelimit-requests-limit", List.of("50"),
                "anthropic-ratelimit-requests-remaining", List.of("49"),
                "anthropic-ratelimit-requests-reset", List.of("2026-01-01T00:00:30Z")), null);

        RateLimitHeaders.Info info = RateLimitHeaders.read(answer, T0);

        assertThat(info.limitRequests()).isEqualTo(50);
        assertThat(info.remainingRequests()).isEqualTo(49);
        assertThat(info.resetRequests()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void shouldReadTheIetfRateLimitHeaderOfHuggingFace() {
        HttpAnswer answer = new HttpAnswer(200, Map.of(
                "RateLimit", List.of("\"api\";r=412;t=120"),
                "RateLimit-Policy", List.of("\"fixed window\";\"api\";q=1000;w=300")), null);

        RateLimitHeaders.Info info = RateLimitHeaders.read(answer, T0);

        assertThat(info.remainingRequests()).isEqualTo(412);
        assertThat(info.resetRequests()).isEqualTo(T0.plusSeconds(120));
        assertThat(info.limitRequests()).as("the policy's quota is per 5 minutes, not an RPM").isNull();
    }

    @Test
    void shouldIgnoreAnIetfRateLimitItemWithoutBothRemainingAndReset() {
        HttpAnswer answer = new HttpAnswer(200, Map.of("RateLimit", List.of("\"api\";r=412")), null);

        assertThat(RateLimitHeaders.read(answer, T0).isEmpty()).isTrue();
    }

    @Test
    void shouldPauseForTheClassifiedWaitFirstThenRetryAfterThenTheExhaustedReset() {
        RateLimitHeaders.Info headers = new RateLimitHeaders.Info(null, 0L, T0.plusSeconds(50), null, 10L, T0.plusSeconds(5), T0.plusSeconds(20));
        RateLimitHeaders.Info exhausted = new RateLimitHeaders.Info(null, 5L, T0.plusSeconds(50), null, 0L, T0.plusSeconds(5), null);
        RateLimitHeaders.Info none = new RateLimitHeaders.Info(null, null, null, null, null, null, null);

        assertThat(RateLimitHeaders.pauseUntil(headers, Duration.ofSeconds(43), T0)).as("the adapter's wait, e.g. Gemini's retryDelay")
                .isEqualTo(T0.plusSeconds(43));
        assertThat(RateLimitHeaders.pauseUntil(headers, null, T0)).isEqualTo(T0.plusSeconds(20));
        assertThat(RateLimitHeaders.pauseUntil(exhausted, null, T0)).isEqualTo(T0.plusSeconds(5));
        assertThat(RateLimitHeaders.pauseUntil(none, null, T0)).isNull();
    }

    @Test
    void shouldParseResetDurations() {
        assertThat(RateLimitHeaders.resetTime("120ms", T0)).isEqualTo(T0.plusMillis(120));
        assertThat(RateLimitHeaders.resetTime("1m30s", T0)).isEqualTo(T0.plusSeconds(90));
        assertThat(RateLimitHeaders.resetTime("1h", T0)).isEqualTo(T0.plusSeconds(3600));
        assertThat(RateLimitHeaders.resetTime("3", T0)).isEqualTo(T0.plusSeconds(3));
        assertThat(RateLimitHeaders.resetTime("soon", T0)).isNull();
    }

    @Test
    void shouldReadAnHttpDateRetryAfter() {
        HttpAnswer answer = new HttpAnswer(429, Map.of("retry-after", List.of("Thu, 01 Jan 2026 00:00:20 GMT")), null);
        assertThat(RateLimitHeaders.read(answer, T0).retryAfter()).isEqualTo(T0.plusSeconds(20));
    }
}
