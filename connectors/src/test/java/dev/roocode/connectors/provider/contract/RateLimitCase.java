package dev.roocode.connectors.provider.contract;

import java.time.Duration;

/**
 * One answer whose rate-limit signals the worker must read as the provider documents them: the body is the
 * fixture {@code <name>.response.json}, headers {@code <name>.headers.json}.
 *
 * @param remainingRequests the requests the headers say are left, or null when they say nothing
 * @param resetRequests     when those come back, from the answer's arrival, or null
 * @param pause             for a 429: how long it pauses the provider (header or body, as the adapter classifies it)
 */
public record RateLimitCase(String name, int status, Long remainingRequests, Duration resetRequests, Duration pause) {

    /** A 429 that pauses the provider for {@code pause} and says nothing about what is left. */
    public static RateLimitCase refusal(String name, Duration pause) {
        return new RateLimitCase(name, 429, null, null, pause);
    }

    @Override
    public String toString() {
        return name + " (" + status + (pause == null ? "" : ", pause " + pause)
                + (remainingRequests == null ? "" : ", remaining " + remainingRequests + " for " + resetRequests) + ")";
    }
}
