package dev.roocode.cli.provider;

import dev.roocode.cli.connection.Connection;
import dev.roocode.processor.router.WorkerHealth;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.WorkerState;
import java.util.Map;

/**
 * What the connectors workers report about a provider on provider-health, in the words of
 * {@code providers list} and {@code show}: "running", "credential rejected at …", "cannot start: …",
 * or "-" when no worker has reported on the provider's current record version.
 */
final class WorkerStatus {
    private WorkerStatus() {}

    /** Every provider's last health record; empty when the topic cannot be read (an older cluster). */
    static Map<String, ProviderState> all(Connection cluster) {
        try {
            return cluster.readLatest(cluster.topics().providerHealth());
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The health record of {@code provider} if it is about its current record version (or says no version). */
    static ProviderState current(ProviderConfig provider, ProviderState health) {
        if (health == null
                || health.getWorker() == WorkerState.UNKNOWN
                || (health.getConfigVersion() != null && health.getConfigVersion() < provider.getVersion())) {
            return null;
        }
        return health;
    }

    /** One phrase for {@code provider}'s worker. */
    static String describe(ProviderConfig provider, ProviderState health) {
        ProviderState current = current(provider, health);
        if (current == null) {
            return "-";
        }
        String down = WorkerHealth.describe(current);
        return down != null ? down : "running";
    }
}
