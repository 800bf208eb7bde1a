package dev.roocode.connectors.provider.openaiformat;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.RateLimits;
import java.time.Instant;

/**
 * The rate-limit headers of OpenAI's API, which Azure, vLLM and OpenRouter send too:
 * {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} with resets like {@code 1s}, {@code 6m0s},
 * {@code 120ms}, and {@code retry-after} / {@code retry-after-ms}. Pure.
 */
public final class OpenAiFormatRateLimits {
    private OpenAiFormatRateLimits() {}

    /** The headers of {@code answer}, times made absolute from {@code now}. */
    public static RateLimits read(HttpAnswer answer, Instant now) {
        return new RateLimits(
                RateLimits.number(answer, "x-ratelimit-limit-requests"),
                RateLimits.number(answer, "x-ratelimit-remaining-requests"),
                RateLimits.reset(answer, now, "x-ratelimit-reset-requests"),
                RateLimits.number(answer, "x-ratelimit-limit-tokens"),
                RateLimits.number(answer, "x-ratelimit-remaining-tokens"),
                RateLimits.reset(answer, now, "x-ratelimit-reset-tokens"),
                RateLimits.retryAfter(answer, now));
    }
}
