package dev.roocode.connectors.provider;

import dev.roocode.schemas.avro.ErrorClass;

/**
 * Thrown by adapters and the transport for a classified failure. Its message is the error's message
 * and never holds a credential.
 */
public final class ProviderException extends RuntimeException {
    private final transient ProviderError error;

    public ProviderException(ProviderError error) {
        super(error.errorClass() + ": " + error.message());
        this.error = error;
    }

    public ProviderException(ProviderError error, Throwable cause) {
        super(error.errorClass() + ": " + error.message(), cause);
        this.error = error;
    }

    /** A non-retryable failure of class {@code errorClass}. */
    public static ProviderException permanent(ErrorClass errorClass, String message) {
        return new ProviderException(ProviderError.of(errorClass, false, message));
    }

    public ProviderError error() {
        return error;
    }

    public ErrorClass errorClass() {
        return error.errorClass();
    }
}
