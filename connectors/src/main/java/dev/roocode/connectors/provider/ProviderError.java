package dev.roocode.connectors.provider;

import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.util.Objects;

/**
 * A classified provider failure: its error class, the HTTP status when one came, whether the same
 * provider may succeed on a later call (in-worker retry), and the provider's requested wait.
 *
 * @param retryAfter the provider's Retry-After as a delay, or null when it sent none
 * @param message one line, free of credentials
 */
public record ProviderError(ErrorClass errorClass, Integer httpStatus, boolean retryable, Duration retryAfter, String message) {

    public ProviderError {
        Objects.requireNonNull(errorClass, "errorClass");
        message = message == null ? errorClass.name() : message;
    }

    /** A failure without HTTP status or Retry-After. */
    public static ProviderError of(ErrorClass errorClass, boolean retryable, String message) {
        return new ProviderError(errorClass, null, retryable, null, message);
    }
}
