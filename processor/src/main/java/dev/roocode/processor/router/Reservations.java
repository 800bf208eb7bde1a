package dev.roocode.processor.router;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A router's in-flight reservations per provider, so a burst routed between two provider-state
 * updates does not all land on the provider that looked emptiest. Each reservation is kept until a
 * provider state covers it: a state's {@code updatedAt} is the time of the last dispatch or finish it
 * has counted, so a reservation made at or before it is in its backlog, and one made after it is
 * not yet. (Dropping every reservation at any newer state undercounted the backlog by whatever the
 * state's aggregation lagged behind, and the deferral horizon was overfilled by as much.) Not
 * thread-safe.
 */
public final class Reservations {
    private final Map<String, Pending> byProvider = new HashMap<>();

    /** What is reserved on {@code provider} beyond its state last updated at {@code stateUpdatedAt} (null when none yet). */
    public Reservation current(String provider, Instant stateUpdatedAt) {
        Pending pending = byProvider.get(provider);
        if (pending == null) {
            return Reservation.NONE;
        }
        pending.dropCoveredBy(stateUpdatedAt);
        if (pending.entries.isEmpty()) {
            byProvider.remove(provider);
            return Reservation.NONE;
        }
        return new Reservation(pending.entries.size(), pending.tokens);
    }

    /**
     * Records one job of {@code jobTokens} sent to {@code provider}, whose state was last updated at
     * {@code stateUpdatedAt}, at an unknown time after that state: the next newer state drops it.
     */
    public void reserve(String provider, Instant stateUpdatedAt, long jobTokens) {
        reserve(
                provider,
                stateUpdatedAt,
                jobTokens,
                (stateUpdatedAt == null ? Instant.EPOCH : stateUpdatedAt).plusNanos(1));
    }

    /** Records one job of {@code jobTokens} sent to {@code provider} at {@code madeAt}: kept until a state updated at or after it. */
    public void reserve(String provider, Instant stateUpdatedAt, long jobTokens, Instant madeAt) {
        Pending pending = byProvider.computeIfAbsent(provider, p -> new Pending());
        pending.dropCoveredBy(stateUpdatedAt);
        pending.entries.addLast(new Entry(madeAt, jobTokens));
        pending.tokens += jobTokens;
    }

    private record Entry(Instant madeAt, long tokens) {}

    /** One provider's reservations, oldest first, with their token sum. */
    private static final class Pending {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private long tokens;

        void dropCoveredBy(Instant stateUpdatedAt) {
            if (stateUpdatedAt == null) {
                return;
            }
            // made (roughly) in time order: stop at the first one the state does not cover
            while (!entries.isEmpty() && !entries.peekFirst().madeAt().isAfter(stateUpdatedAt)) {
                tokens -= entries.pollFirst().tokens();
            }
        }
    }
}
