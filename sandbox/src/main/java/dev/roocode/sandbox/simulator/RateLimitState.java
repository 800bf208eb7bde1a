package dev.roocode.sandbox.simulator;

/**
 * The outcome of one rate-limit check and what the {@code x-ratelimit-*} headers report. A limit of 0 means
 * that dimension is not limited and its headers are left out.
 *
 * @param allowed whether the call fits in the window
 * @param tokensExceeded when refused, whether tokens (not requests) ran out
 * @param retryAfterMs when refused, how long until the window reopens
 */
record RateLimitState(
        boolean allowed,
        boolean tokensExceeded,
        long limitRequests,
        long remainingRequests,
        long resetRequestsMs,
        long limitTokens,
        long remainingTokens,
        long resetTokensMs,
        long retryAfterMs) {

    /** What the {@code 429} directive reports: an exhausted window that reopens in one second. */
    static RateLimitState alwaysLimited(long rpm, long tpm) {
        return new RateLimitState(false, false, rpm > 0 ? rpm : 60, 0, 1000, tpm > 0 ? tpm : 150_000, 0, 1000, 1000);
    }
}
