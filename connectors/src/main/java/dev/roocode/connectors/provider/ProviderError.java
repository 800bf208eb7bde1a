package dev.roocode.connectors.provider;

import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A classified provider failure: its error class, the HTTP status when one came, whether the same
 * provider may succeed on a later call (in-worker retry), whether another provider may succeed where
 * this one failed (fallback), and the provider's requested wait. The classifier's two verdicts are the
 * only answers to "retry here?" and "try another provider?": the worker and the processor obey them.
 *
 * @param retryAfter the provider's Retry-After as a delay, or null when it sent none
 * @param message one line, free of credentials
 * @param elsewhere whether another provider may succeed where this one failed; see {@link #fixableElsewhere}
 */
public record ProviderError(
        ErrorClass errorClass,
        Integer httpStatus,
        boolean retryable,
        Duration retryAfter,
        String message,
        boolean elsewhere) {
    /**
     * Statuses every provider's classifier marks retryable (unless the body says the failure is
     * permanent, e.g. a billing 429): the set the OpenAI and Anthropic SDKs retry. 408 request
     * timeout, 409 conflict (a lock that timed out), 429 rate limited, 500 internal error, 502/503/504
     * gateway and availability errors, 529 overloaded. Other 5xx (501 not implemented, 505…) are not.
     */
    public static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 409, 429, 500, 502, 503, 504, 529);

    /**
     * Classes no other provider can fix: the request itself is wrong (BAD_REQUEST, INVALID_JOB), refused
     * for its content (CONTENT_POLICY), or out of time (DEADLINE_EXCEEDED). Everything else, CONTEXT_LENGTH
     * included (another provider may have a larger window), may succeed elsewhere.
     */
    private static final Set<ErrorClass> NOT_FIXABLE_ELSEWHERE = EnumSet.of(
            ErrorClass.BAD_REQUEST, ErrorClass.INVALID_JOB, ErrorClass.DEADLINE_EXCEEDED, ErrorClass.CONTENT_POLICY);

    public ProviderError {
        Objects.requireNonNull(errorClass, "errorClass");
        message = message == null ? errorClass.name() : message;
    }

    /** A failure whose fallback verdict is its class's usual one ({@link #fixableElsewhere}). */
    public ProviderError(
            ErrorClass errorClass, Integer httpStatus, boolean retryable, Duration retryAfter, String message) {
        this(errorClass, httpStatus, retryable, retryAfter, message, fixableElsewhere(errorClass));
    }

    /** Whether a failure of {@code errorClass} may, as a rule, succeed at another provider; a classifier may say otherwise. */
    public static boolean fixableElsewhere(ErrorClass errorClass) {
        return !NOT_FIXABLE_ELSEWHERE.contains(errorClass);
    }

    /** Whether {@code status} is one of {@link #TRANSIENT_STATUSES}. */
    public static boolean transientStatus(int status) {
        return TRANSIENT_STATUSES.contains(status);
    }

    /** A failure without HTTP status or Retry-After. */
    public static ProviderError of(ErrorClass errorClass, boolean retryable, String message) {
        return new ProviderError(errorClass, null, retryable, null, message);
    }
}
