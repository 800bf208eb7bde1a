package dev.roocode.connectors.execution;

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
 * resets; Hugging Face's IETF {@code RateLimit: "api";r=<remaining>;t=<seconds to reset>} (draft-ietf-httpapi-ratelimit-headers
 * version 9, as the Hub documents it; its {@code RateLimit-Policy} quota is per 5-minute window, not per minute, so it is
 * not read as a limit); and {@code retry-after} / {@code retry-after-ms}. Gemini and Cohere document no rate-limit
 * headers: their adapters' classified wait (Gemini's {@code google.rpc.RetryInfo.retryDelay} in the 429 body, Cohere's
 * {@code Retry-After}) is what {@link #pauseUntil} uses. Header names are provider conventions shared by several types,
 * so they are read here once rather than in every adapter. Pure.
 */
public final class RateLimitHeaders {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    /** One parameter of an IETF {@code RateLimit} item: {@code r=12} or {@code t=58}. */
    private static final Pattern IETF_PARAM = Pattern.compile(";\\s*([rt])=(\\d{1,15})(?![0-9])");

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
        if (remainingRequests == null && resetRequests == null) {
            Long[] ietf = ietfRateLimit(answer);
            if (ietf != null) {
                remainingRequests = ietf[0];
                resetRequests = now.plusSeconds(ietf[1]);
            }
        }
        Long limitTokens = number(answer, "x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit");
        Long remainingTokens = number(answer, "x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining");
        Instant resetTokens = reset(answer, now, "x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset");
        return new Info(limitRequests, remainingRequests, resetRequests, limitTokens, remainingTokens, resetTokens, retryAfter(answer, now));
    }

    /**
     * Until when a 429 pauses the provider: the wait the adapter classified from the answer (its reading of
     * {@code Retry-After} and of what only that provider sends, such as Gemini's {@code RetryInfo} in the body), else
     * the headers' {@code retry-after}, else the reset of an exhausted dimension; null when nothing says (the pacer
     * then applies its own pause).
     */
    public static Instant pauseUntil(Info info, Duration classifiedWait, Instant now) {
        if (classifiedWait != null) {
            return now.plus(classifiedWait);
        }
        if (info.retryAfter() != null) {
            return info.retryAfter();
        }
        if (info.remainingRequests() != null && info.remainingRequests() <= 0) {
            return info.resetRequests();
        }
        if (info.remainingTokens() != null && info.remainingTokens() <= 0) {
            return info.resetTokens();
        }
        return null;
    }

    /** {remaining, seconds to reset} of the first item of an IETF {@code RateLimit} header with both, or null. */
    private static Long[] ietfRateLimit(HttpAnswer answer) {
        Optional<String> value = answer.header("ratelimit");
        if (value.isEmpty()) {
            return null;
        }
        for (String item : value.get().split(",")) {
            Long remaining = null;
            Long reset = null;
            Matcher m = IETF_PARAM.matcher(item);
            while (m.find()) {
                if (m.group(1).equals("r")) {
                    remaining = Long.parseLong(m.group(2));
                } else {
                    reset = Long.parseLong(m.group(2));
                }
            }
            if (remaining != null && reset != null) {
                return new Long[] {remaining, reset};
            }
        }
        return null;
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
