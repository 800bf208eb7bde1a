package dev.roocode.connectors.provider;

import java.time.Duration;
import java.time.Instant;
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
        Optional<Duration> millis = answer.header("retry-after-ms").flatMap(RetryAfter::number)
                .map(ms -> Duration.ofNanos((long) (ms * 1_000_000)));
        if (millis.isPresent()) {
            return millis;
        }
        Optional<String> value = answer.header("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> seconds = seconds(value.get());
        return seconds.isPresent() ? seconds : until(answer, value.get());
    }

    /** A non-negative number of seconds such as {@code 20} or {@code 1.5}. */
    public static Optional<Duration> seconds(String value) {
        return number(value).map(s -> Duration.ofMillis((long) (s * 1000)));
    }

    /** The time from the answer's {@code Date} (or arrival) until the HTTP date {@code value}, never negative. */
    public static Optional<Duration> until(HttpAnswer answer, String value) {
        Optional<Instant> at = httpDate(value);
        Optional<Instant> now = answer.header("date").flatMap(RetryAfter::httpDate).or(() -> Optional.ofNullable(answer.receivedAt()));
        if (at.isEmpty() || now.isEmpty()) {
            return Optional.empty();
        }
        Duration delay = Duration.between(now.get(), at.get());
        return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
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
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
