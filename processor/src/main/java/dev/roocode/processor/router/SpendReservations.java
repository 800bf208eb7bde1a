package dev.roocode.processor.router;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Estimated cost a router has dispatched per spend scope (batch or tenant) that the published
 * spend total does not show yet; like {@link Reservations}, dropped once a newer total is seen
 * (that total counts those dispatches as in flight). Not thread-safe: one per task.
 */
public final class SpendReservations {
    private final Map<String, Entry> byScope = new HashMap<>();

    /** USD reserved on {@code scope} on top of its total last updated at {@code totalUpdatedAt} (null when none yet). */
    public double current(String scope, Instant totalUpdatedAt) {
        Entry entry = byScope.get(scope);
        if (entry == null) {
            return 0;
        }
        if (totalUpdatedAt != null && totalUpdatedAt.isAfter(entry.basis())) {
            byScope.remove(scope);
            return 0;
        }
        return entry.usd();
    }

    /** Records {@code usd} dispatched under {@code scope}, whose total was last updated at {@code totalUpdatedAt}. */
    public void reserve(String scope, Instant totalUpdatedAt, double usd) {
        double reserved = current(scope, totalUpdatedAt) + usd;
        byScope.put(scope, new Entry(totalUpdatedAt == null ? Instant.EPOCH : totalUpdatedAt, reserved));
    }

    private record Entry(Instant basis, double usd) {}
}
