package dev.roocode.connectors.provider.anthropic;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.RateLimits;
import java.time.Instant;

/**
 * Anthropic's rate-limit headers: {@code anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}} with
 * RFC 3339 resets, and {@code retry-after}. Pure.
 */
final class AnthropicRateLimits {
    private AnthropicRateLimits() {}

    /** The headers of {@code answer}, times made absolute from {@code now}. */
    static RateLimits read(HttpAnswer answer, Instant now) {
        return new RateLimits(
                RateLimits.number(answer, "anthropic-ratelimit-requests-limit"),
                RateLimits.number(answer, "anthropic-ratelimit-requests-remaining"),
                RateLimits.reset(answer, now, "anthropic-ratelimit-requests-reset"),
                RateLimits.number(answer, "anthropic-ratelimit-tokens-limit"),
                RateLimits.number(answer, "anthropic-ratelimit-tokens-remaining"),
                RateLimits.reset(answer, now, "anthropic-ratelimit-tokens-reset"),
                RateLimits.retryAfter(answer, now));
    }
}
