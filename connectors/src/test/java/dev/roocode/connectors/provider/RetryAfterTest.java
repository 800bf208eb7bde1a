package dev.roocode.connectors.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {

    @ParameterizedTest
    @CsvSource({"6m0s, 360000", "120ms, 120", "1s, 1000", "59.5s, 59500", "1h2m3.5s, 3723500", "0s, 0"})
    void shouldReadGoDurationsAsOpenAiSendsThem(String text, long millis) {
        assertThat(RetryAfter.goDuration(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"soon", "6 m", "s", "-1s", "1s2"})
    void shouldRefuseWhatIsNotAGoDuration(String text) {
        assertThat(RetryAfter.goDuration(text)).isEmpty();
    }

    @Test
    void shouldNeverReturnANegativeWaitForADatePassed() {
        HttpAnswer answer = new HttpAnswer(
                429,
                Map.of("Retry-After", List.of("Wed, 21 Oct 2026 07:27:00 GMT")),
                new byte[0],
                Instant.parse("2026-10-21T07:28:00Z"));

        assertThat(RetryAfter.of(answer)).contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreNegativeSeconds() {
        HttpAnswer answer = new HttpAnswer(429, Map.of("Retry-After", List.of("-5")), new byte[0]);

        assertThat(RetryAfter.of(answer)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({
        "2026-10-21T07:28:30Z, 2026-10-21T07:28:30Z",
        "2026-10-21T09:28:30+02:00, 2026-10-21T07:28:30Z",
        "2026-10-21T07:28:30.5Z, 2026-10-21T07:28:30.500Z"
    })
    void shouldReadRfc3339ResetTimesAsAnthropicSendsThem(String text, String instant) {
        assertThat(RetryAfter.rfc3339(text)).contains(Instant.parse(instant));
    }

    @ParameterizedTest
    @CsvSource({"43s, 43000", "1.5s, 1500", "0s, 0"})
    void shouldReadGoogleDurationsAsGeminiRetryInfoCarriesThem(String text, long millis) {
        assertThat(RetryAfter.googleDuration(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"soon", "43", "s", "-1s"})
    void shouldRefuseWhatIsNotAGoogleDurationOrTimestamp(String text) {
        assertThat(RetryAfter.googleDuration(text)).isEmpty();
        assertThat(RetryAfter.rfc3339(text)).isEmpty();
    }

    @Test
    void shouldMeasureAnInstantFromTheDateHeaderElseTheArrivalTime() {
        Instant reset = Instant.parse("2026-10-21T07:28:20Z");
        HttpAnswer dated = new HttpAnswer(
                429,
                Map.of("Date", List.of("Wed, 21 Oct 2026 07:28:00 GMT")),
                new byte[0],
                Instant.parse("2026-10-21T07:28:10Z"));
        HttpAnswer arrived = new HttpAnswer(429, Map.of(), new byte[0], Instant.parse("2026-10-21T07:28:10Z"));
        HttpAnswer timeless = new HttpAnswer(429, Map.of(), new byte[0]);

        assertThat(RetryAfter.until(dated, reset)).contains(Duration.ofSeconds(20));
        assertThat(RetryAfter.until(arrived, reset)).contains(Duration.ofSeconds(10));
        assertThat(RetryAfter.until(timeless, reset)).isEmpty();
    }
}
