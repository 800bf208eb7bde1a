package dev.roocode.connectors.provider.support;

import dev.roocode.connectors.provider.HttpAnswer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A provider's requested wait, read without a clock: delays are measured from the answer's
 * {@code Date} header, else from its arrival time.
 */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * {@code retry-after-ms}, else {@code retry-after} as (fractional) seconds or an HTTP-date.
     * Unparseable values are ignored.
     */
    public static Optional<Duration> fromHeaders(HttpAnswer answer) {
        Optional<Duration> millis = answer.header("retry-after-ms").flatMap(RetryAfter::number)
                .map(ms -> Duration.ofNanos((long) (ms * 1_000_000)));
        if (millis.isPresent()) {
            return millis;
        }
        Optional<String> value = answer.header("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> seconds = number(value.get()).map(s -> Duration.ofMillis((long) (s * 1000)));
        if (seconds.isPresent()) {
            return seconds;
        }
        return httpDate(value.get()).flatMap(at -> until(answer, at));
    }

    /** The delay from the answer's time to {@code at}; zero when {@code at} has passed, empty without a reference time. */
    public static Optional<Duration> until(HttpAnswer answer, Instant at) {
        Optional<Instant> now = answer.header("date").flatMap(RetryAfter::httpDate).or(() -> Optional.ofNullable(answer.receivedAt()));
        return now.map(n -> {
            Duration delay = Duration.between(n, at);
            return delay.isNegative() ? Duration.ZERO : delay;
        });
    }

    /** An RFC 3339 timestamp such as {@code 2026-10-21T07:28:30Z}, or empty. */
    public static Optional<Instant> rfc3339(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A duration in Google's JSON form, e.g. {@code "34s"} or {@code "1.5s"}, or empty. */
    public static Optional<Duration> googleDuration(String value) {
        if (value == null || !value.endsWith("s")) {
            return Optional.empty();
        }
        return number(value.substring(0, value.length() - 1)).map(s -> Duration.ofMillis((long) (s * 1000)));
    }

    private static Optional<Double> number(String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            return parsed >= 0 && Double.isFinite(parsed) ? Optional.of(parsed) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
