package dev.roocode.connectors.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an answer says about the account's limits, as the worker's pacing uses it; null fields were absent
 * or unreadable. Each provider type reads its own headers ({@link ProviderAdapter#rateLimits}); the
 * helpers here read the shapes several types share. Pure: times are made absolute from the {@code now} given.
 */
public record RateLimits(
        Long limitRequests,
        Long remainingRequests,
        Instant resetRequests,
        Long limitTokens,
        Long remainingTokens,
        Instant resetTokens,
        Instant retryAfter) {

    /** Nothing known. */
    public static final RateLimits NONE = new RateLimits(null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return limitRequests == null
                && remainingRequests == null
                && limitTokens == null
                && remainingTokens == null
                && retryAfter == null;
    }

    /** Only the answer's {@code retry-after-ms} / {@code retry-after}: what a type without rate-limit headers sends. */
    public static RateLimits retryAfterOnly(HttpAnswer answer, Instant now) {
        return new RateLimits(null, null, null, null, null, null, retryAfter(answer, now));
    }

    /** A copy with the requests dimension's remaining count and reset. */
    public RateLimits withRequests(Long remaining, Instant reset) {
        return new RateLimits(limitRequests, remaining, reset, limitTokens, remainingTokens, resetTokens, retryAfter);
    }

    /**
     * Until when a 429 pauses the provider: the wait the adapter classified from the answer (its reading of
     * {@code Retry-After} and of what only that provider sends, such as Gemini's {@code RetryInfo} in the body), else
     * the answer's {@code retry-after}, else the reset of an exhausted dimension; null when nothing says (the pacer
     * then applies its own pause).
     */
    public Instant pauseUntil(Duration classifiedWait, Instant now) {
        if (classifiedWait != null) {
            return now.plus(classifiedWait);
        }
        if (retryAfter != null) {
            return retryAfter;
        }
        if (remainingRequests != null && remainingRequests <= 0) {
            return resetRequests;
        }
        if (remainingTokens != null && remainingTokens <= 0) {
            return resetTokens;
        }
        return null;
    }

    /** When the answer's Retry-After ends ({@link RetryAfter#of(HttpAnswer, Instant)}, the one parser), or null. */
    public static Instant retryAfter(HttpAnswer answer, Instant now) {
        return RetryAfter.of(answer, now).map(now::plus).orElse(null);
    }

    /** The first of {@code names} present, as a whole number; null when absent or unreadable. */
    public static Long number(HttpAnswer answer, String... names) {
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

    /** The first of {@code names} present, read as a reset time ({@link #resetTime}); null when absent or unreadable. */
    public static Instant reset(HttpAnswer answer, Instant now, String... names) {
        for (String name : names) {
            Optional<String> value = answer.header(name);
            if (value.isPresent()) {
                return resetTime(value.get().trim(), now);
            }
        }
        return null;
    }

    /** {@code 1s}, {@code 6m0s}, {@code 59.5s}, {@code 120ms}, plain seconds, or an RFC 3339 instant; null otherwise. */
    public static Instant resetTime(String text, Instant now) {
        return RetryAfter.rfc3339(text)
                .or(() -> RetryAfter.seconds(text).map(now::plus))
                .or(() -> RetryAfter.goDuration(text).map(now::plus))
                .orElse(null);
    }
}
