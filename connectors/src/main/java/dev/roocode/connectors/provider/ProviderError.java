package dev.roocode.connectors.provider;

import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A classified provider failure: its error class, the HTTP status when one came, whether the same
 * provider may succeed on a later call (in-worker retry), and the provider's requested wait.
 *
 * @param retryAfter the provider's Retry-After as a delay, or null when it sent none
 * @param message one line, free of credentials
 */
public record ProviderError(ErrorClass errorClass, Integer httpStatus, boolean retryable, Duration retryAfter, String message) {
    /**
     * Statuses every provider's classifier marks retryable (unless the body says the failure is
     * permanent, e.g. a billing 429): the set the OpenAI and Anthropic SDKs retry. 408 request
     * timeout, 409 conflict (a lock that timed out), 429 rate limited, 500 internal error, 502/503/504
     * gateway and availability errors, 529 overloaded. Other 5xx (501 not implemented, 505…) are not.
     */
    public static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 409, 429, 500, 502, 503, 504, 529);

    public ProviderError {
        Objects.requireNonNull(errorClass, "errorClass");
        message = message == null ? errorClass.name() : message;
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
