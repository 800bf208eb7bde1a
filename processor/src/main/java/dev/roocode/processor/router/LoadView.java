package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ProviderConfig;

/** The current load of a provider; see {@link ProviderLoad#of}. */
@FunctionalInterface
public interface LoadView {
    /** Every provider idle and healthy: routing by price and policy alone. */
    LoadView IDLE = config -> ProviderLoad.of(config, null, Reservation.NONE);

    ProviderLoad loadOf(ProviderConfig provider);

    /**
     * Why no connectors worker serves {@code provider} (its worker cannot start, or its credential
     * was rejected; {@link WorkerHealth}), or null when one does or none has reported yet.
     */
    default String unavailable(ProviderConfig provider) {
        return null;
    }
}
