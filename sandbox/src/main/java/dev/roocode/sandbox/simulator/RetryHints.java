package dev.roocode.sandbox.simulator;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;

/** The standard {@code retry-after} (whole seconds, rounded up) most providers send with a 429. */
final class RetryHints {

    private RetryHints() {}

    /** On a refused call, adds {@code retry-after} and, with {@code millis}, {@code retry-after-ms}. */
    static void add(RateLimitState state, HeaderMap headers, boolean millis) {
        if (state.allowed()) {
            return;
        }
        headers.put(Headers.RETRY_AFTER, Long.toString(seconds(state.retryAfterMs())));
        if (millis) {
            headers.put(OpenAiWireFormat.RETRY_AFTER_MS, Long.toString(state.retryAfterMs()));
        }
    }

    static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
