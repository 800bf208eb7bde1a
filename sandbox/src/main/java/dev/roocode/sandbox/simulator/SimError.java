package dev.roocode.sandbox.simulator;

/**
 * An error to answer, for a {@link WireFormat} to render in its provider's shape.
 *
 * @param param the request field at fault, or null
 * @param retryAfterMs for rate limits, how long until the window reopens; else 0
 * @param responseId this call's id, for providers whose error bodies carry one
 */
record SimError(ErrorKind kind, String message, String param, long retryAfterMs, String responseId) {}
