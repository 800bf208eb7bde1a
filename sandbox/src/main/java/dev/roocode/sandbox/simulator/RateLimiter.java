package dev.roocode.sandbox.simulator;

/**
 * A real requests-per-window and tokens-per-window limit for one model name, over a fixed window that
 * opens with the first call after the previous one ended. Only models whose name asks for {@code rpm-N}
 * or {@code tpm-N} have one, so the lock never sits on the path of instant models.
 */
final class RateLimiter {

    private final long rpm;
    private final long tpm;
    private final long windowMs;
    private long windowStart = Long.MIN_VALUE;
    private long requestsUsed;
    private long tokensUsed;

    RateLimiter(long rpm, long tpm, long windowMs) {
        this.rpm = rpm;
        this.tpm = tpm;
        this.windowMs = windowMs;
    }

    /** Takes one request and {@code tokens} tokens from the window if both fit, else takes nothing. */
    synchronized RateLimitState acquire(long tokens, long nowMs) {
        if (windowStart == Long.MIN_VALUE || nowMs - windowStart >= windowMs) {
            windowStart = nowMs;
            requestsUsed = 0;
            tokensUsed = 0;
        }
        boolean requestsExceeded = rpm > 0 && requestsUsed + 1 > rpm;
        boolean tokensExceeded = !requestsExceeded && tpm > 0 && tokensUsed + tokens > tpm;
        boolean allowed = !requestsExceeded && !tokensExceeded;
        if (allowed) {
            requestsUsed++;
            tokensUsed += tokens;
        }
        long untilReset = windowStart + windowMs - nowMs;
        return new RateLimitState(
                allowed,
                tokensExceeded,
                rpm,
                Math.max(0, rpm - requestsUsed),
                requestsUsed == 0 ? 0 : untilReset,
                tpm,
                Math.max(0, tpm - tokensUsed),
                tokensUsed == 0 ? 0 : untilReset,
                untilReset);
    }
}
