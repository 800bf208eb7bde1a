package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ProviderConfig;

/** The current load of a provider; see {@link ProviderLoad#of}. */
@FunctionalInterface
public interface LoadView {
    /** Every provider idle and healthy: routing by price and policy alone. */
    LoadView IDLE = config -> ProviderLoad.of(config, null, Reservation.NONE);

    ProviderLoad loadOf(ProviderConfig provider);
}
