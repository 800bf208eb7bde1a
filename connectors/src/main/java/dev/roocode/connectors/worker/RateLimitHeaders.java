package dev.roocode.connectors.worker;

import dev.roocode.connectors.provider.HttpAnswer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rate-limit headers providers send with their answers: OpenAI's (and Azure's, vLLM's,
 * OpenRouter's) {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} with resets like
 * {@code 1s}, {@code 6m0s}, {@code 120ms}; Anthropic's {@code anthropic-ratelimit-*} with RFC 3339
 * resets; and {@code retry-after} / {@code retry-after-ms}. Header names are provider conventions
 * shared by several types, so they are read here once rather than in every adapter. Pure.
 */
public final class RateLimitHeaders {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RateLimitHeaders() {}

    /** What an answer says about the account's limits; null fields were absent or unreadable. */
    public record Info(Long limitRequests, Long remainingRequests, Instant resetRequests,
                       Long limitTokens, Long remainingTokens, Instant resetTokens, Instant retryAfter) {

        public boolean isEmpty() {
            return limitRequests == null && remainingRequests == null && limitTokens == null && remainingTokens == null && retryAfter == null;
        }
    }

    /** The headers of {@code answer}, times made absolute from {@code now}. */
    public static Info read(HttpAnswer answer, Instant now) {
        Long limitRequests = number(answer, "x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit");
        Long remainingRequests = number(answer, "x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining");
        Instant resetRequests = reset(answer, now, "x-ratelimit-reset-requests", "anthropic-ratelimit-requests-reset");
        Long limitTokens = number(answer, "x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit");
        Long remainingTokens = number(answer, "x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining");
        Instant resetTokens = reset(answer, now, "x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset");
        return new Info(limitRequests, remainingRequests, resetRequests, limitTokens, remainingTokens, resetTokens, retryAfter(answer, now));
    }

    /** {@code retry-after-ms}, else {@code retry-after} in seconds or as an HTTP date. */
    static Instant retryAfter(HttpAnswer answer, Instant now) {
        Optional<String> ms = answer.header("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return now.plusMillis((long) Double.parseDouble(ms.get().trim()));
            } catch (NumberFormatException e) {
                // fall through to retry-after
            }
        }
        Optional<String> value = answer.header("retry-after");
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().trim();
        try {
            return now.plusMillis((long) (Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            try {
                return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Long number(HttpAnswer answer, String... names) {
        for (String name : names) {
            Optional<String> value = answer.header(name);
            if (value.isPresent()) {
                try {
                    return Long.parseLong(value.get().trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Instant reset(HttpAnswer answer, Instant now, String... names) {
        for (String name : names) {
            Optional<String> value = answer.header(name);
            if (value.isPresent()) {
                return resetTime(value.get().trim(), now);
            }
        }
        return null;
    }

    /** {@code 1s}, {@code 6m0s}, {@code 59.5s}, {@code 120ms}, plain seconds, or an RFC 3339 instant. */
    static Instant resetTime(String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            // not an instant: a duration
        }
        try {
            return now.plusMillis((long) (Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            // not plain seconds
        }
        Matcher m = GO_DURATION.matcher(text);
        long millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            double amount = Double.parseDouble(m.group(1));
            millis += (long) (amount * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            });
            end = m.end();
        }
        return end == text.length() && end > 0 ? now.plus(Duration.ofMillis(millis)) : null;
    }
}
