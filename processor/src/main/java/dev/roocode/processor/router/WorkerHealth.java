package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.WorkerState;

/**
 * Whether the connectors workers serve a provider, as they report it on provider-health
 * ({@link ProviderState#getWorker()}). A provider reported CANNOT_START or CREDENTIAL_REJECTED for
 * its current record version is not routed to: its jobs would sit on its dispatch topic or fail one
 * by one. A report about an older version is ignored (the provider was updated since: a new key, a
 * fixed endpoint), and so is a provider with no report yet (just activated): its jobs queue on its
 * dispatch topic as before, for the worker that will pick it up.
 */
public final class WorkerHealth {
    private WorkerHealth() {}

    /** Why {@code provider} is not served according to {@code health} (null: none published), or null when it may be. */
    public static String unavailableReason(ProviderConfig provider, ProviderState health) {
        if (health == null
                || (health.getConfigVersion() != null && health.getConfigVersion() < provider.getVersion())) {
            return null;
        }
        return describe(health);
    }

    /** The worker state of {@code health} in words for a not-running state, or null when running or unknown. */
    public static String describe(ProviderState health) {
        String why = health.getWorkerReason() == null ? "" : " (" + health.getWorkerReason() + ")";
        return switch (health.getWorker()) {
            case CREDENTIAL_REJECTED -> "credential rejected at " + health.getWorkerSince() + why;
            case CANNOT_START ->
                "worker cannot start: "
                        + (health.getWorkerReason() == null ? "unknown reason" : health.getWorkerReason());
            default -> null;
        };
    }

    /** Whether {@code health} says a worker runs the provider's current record. */
    public static boolean running(ProviderState health) {
        return health != null && health.getWorker() == WorkerState.RUNNING;
    }
}
