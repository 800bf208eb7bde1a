package dev.roocode.processor.router;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A router's in-flight reservations per provider, so a burst routed between two provider-state
 * updates does not all land on the provider that looked emptiest. Each provider's reservations are
 * counted against the state they were made on, and dropped as soon as a newer state is seen (that
 * state counts the dispatches itself, one commit interval later). Not thread-safe: one per task.
 */
public final class Reservations {
    private final Map<String, Entry> byProvider = new HashMap<>();

    /** What is reserved on {@code provider} on top of its state last updated at {@code stateUpdatedAt} (null when none yet). */
    public Reservation current(String provider, Instant stateUpdatedAt) {
        Entry entry = byProvider.get(provider);
        if (entry == null) {
            return Reservation.NONE;
        }
        if (newer(stateUpdatedAt, entry.basis())) {
            byProvider.remove(provider);
            return Reservation.NONE;
        }
        return entry.reserved();
    }

    /** Records one job of {@code jobTokens} sent to {@code provider}, whose state was last updated at {@code stateUpdatedAt}. */
    public void reserve(String provider, Instant stateUpdatedAt, long jobTokens) {
        Reservation reserved = current(provider, stateUpdatedAt).plus(jobTokens);
        Instant basis = stateUpdatedAt == null ? Instant.EPOCH : stateUpdatedAt;
        byProvider.put(provider, new Entry(basis, reserved));
    }

    private static boolean newer(Instant stateUpdatedAt, Instant basis) {
        return stateUpdatedAt != null && stateUpdatedAt.isAfter(basis);
    }

    private record Entry(Instant basis, Reservation reserved) {}
}
