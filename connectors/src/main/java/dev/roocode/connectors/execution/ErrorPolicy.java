package dev.roocode.connectors.execution;

import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.schemas.avro.ErrorClass;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the worker does with a classified failure. The provider's error classifier decides the class
 * and whether the same provider may succeed later ({@link ProviderError#retryable()}); these
 * predicates only read its verdict, so no other code decides "retry on", "try elsewhere" or "record as failure".
 * In particular the classifier's retryable verdict is the only answer to "call this provider
 * again?": a 500 the classifier marks retryable is retried like a 503, as the providers' own SDKs do.
 */
public final class ErrorPolicy {
    /** Classes that say the provider is unhealthy; recorded by the circuit breaker and the error rate. */
    static final Set<ErrorClass> PROVIDER_SIDE = EnumSet.of(
            ErrorClass.TIMEOUT,
            ErrorClass.NETWORK,
            ErrorClass.PROVIDER_UNAVAILABLE,
            ErrorClass.PROVIDER_ERROR,
            ErrorClass.INVALID_RESPONSE);

    private ErrorPolicy() {}

    /** Whether another call to the same provider may succeed: the classifier's verdict, nothing else. */
    public static boolean retryable(ProviderError error) {
        return error.retryable();
    }

    /** Whether the failure counts against the provider's health (breaker, error rate); a 429 or a 400 does not. */
    public static boolean providerSide(ProviderError error) {
        return PROVIDER_SIDE.contains(error.errorClass());
    }

    /** Whether the provider refused the credential itself (401/403): counted towards marking it rejected ({@link ProviderGuard}). */
    public static boolean credentialRefused(ProviderError error) {
        return error.errorClass() == ErrorClass.AUTHENTICATION || error.errorClass() == ErrorClass.PERMISSION;
    }

    /**
     * Whether the processor may try another provider ({@code AttemptFailed.retryable}): the classifier's
     * verdict ({@link ProviderError#elsewhere()}), nothing else.
     */
    public static boolean retryableElsewhere(ProviderError error) {
        return error.elsewhere();
    }
}
