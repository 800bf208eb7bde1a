package dev.roocode.connectors.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a provider's requested wait from answer headers, shared by the error classifiers. Pure:
 * HTTP dates are measured against the answer's {@code Date} header or its arrival time, never a clock.
 */
public final class RetryAfter {
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryAfter() {}

    /**
     * {@code retry-after-ms}, else {@code retry-after} as seconds or as an HTTP date; empty when the
     * answer has neither or they cannot be read.
     */
    public static Optional<Duration> of(HttpAnswer answer) {
        return of(answer, null);
    }

    /**
     * As {@link #of(HttpAnswer)}, an HTTP date measured from the answer's {@code Date}, else its arrival, else
     * {@code now} (null: no fallback). The one Retry-After parser: the classifiers and the worker's pacing read
     * it, so both ignore a negative value and never wait less than zero.
     */
    public static Optional<Duration> of(HttpAnswer answer, Instant now) {
        Optional<Duration> millis = answer.header("retry-after-ms")
                .flatMap(RetryAfter::number)
                .map(ms -> Duration.ofNanos((long) (ms * 1_000_000)));
        if (millis.isPresent()) {
            return millis;
        }
        Optional<String> value = answer.header("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> seconds = seconds(value.get());
        return seconds.isPresent() ? seconds : httpDate(value.get()).flatMap(at -> until(answer, at, now));
    }

    /** A non-negative number of seconds such as {@code 20} or {@code 1.5}. */
    public static Optional<Duration> seconds(String value) {
        return number(value).map(s -> Duration.ofMillis((long) (s * 1000)));
    }

    /** The time from the answer's {@code Date} (or arrival) until the HTTP date {@code value}, never negative. */
    public static Optional<Duration> until(HttpAnswer answer, String value) {
        return httpDate(value).flatMap(at -> until(answer, at));
    }

    /** The time from the answer's {@code Date} (or arrival) until {@code at}, never negative; empty without a reference time. */
    public static Optional<Duration> until(HttpAnswer answer, Instant at) {
        return until(answer, at, null);
    }

    private static Optional<Duration> until(HttpAnswer answer, Instant at, Instant fallbackNow) {
        Optional<Instant> now = answer.header("date")
                .flatMap(RetryAfter::httpDate)
                .or(() -> Optional.ofNullable(answer.receivedAt()))
                .or(() -> Optional.ofNullable(fallbackNow));
        return now.map(n -> {
            Duration delay = Duration.between(n, at);
            return delay.isNegative() ? Duration.ZERO : delay;
        });
    }

    /** An RFC 3339 timestamp such as Anthropic's {@code anthropic-ratelimit-*-reset} values ({@code 2026-10-21T07:28:30Z}). */
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

    /** A duration in Google's JSON form, as {@code google.rpc.RetryInfo.retryDelay} carries it: {@code "43s"}, {@code "1.5s"}. */
    public static Optional<Duration> googleDuration(String value) {
        if (value == null || !value.trim().endsWith("s")) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        return seconds(trimmed.substring(0, trimmed.length() - 1));
    }

    /** A Go duration as OpenAI's {@code x-ratelimit-reset-*} headers carry it: {@code 6m0s}, {@code 120ms}, {@code 1h2m3.5s}. */
    public static Optional<Duration> goDuration(String text) {
        String trimmed = text.trim();
        Matcher m = GO_DURATION_PART.matcher(trimmed);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double unit = switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                default -> 1e6;
            };
            nanos += (long) (Double.parseDouble(m.group(1)) * unit);
            end = m.end();
        }
        return end > 0 && end == trimmed.length() ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
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
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
