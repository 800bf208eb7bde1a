package dev.roocode.processor.requests;

import dev.roocode.processor.router.Reservation;
import dev.roocode.processor.router.Reservations;
import dev.roocode.processor.router.SpendReservations;
import java.time.Instant;

/**
 * The in-flight reservations of every task in this process: requests, tokens and estimated spend
 * sent that the published provider states and spend totals do not count yet. One per topology (so
 * per KafkaStreams instance), shared by the routing processors of all its tasks.
 *
 * <p>Shared by all tasks, not kept per task: with deferral a provider's room under the horizon is
 * small, and tasks that each saw only their own dispatches would together fill it several times
 * over. Entries are dropped as soon as newer provider states and spend totals are seen, so a task
 * moving to another instance leaves nothing stale behind for long. Other instances' dispatches show
 * up one provider-state publication later. Tasks on different stream threads use it at once, so
 * every method synchronizes.
 */
public final class ReservationLedger {
    /** provider → requests and tokens sent that its last published state does not count yet (made after its updatedAt). */
    private final Reservations providers = new Reservations();
    /** batch:&lt;id&gt; / tenant:&lt;name&gt; → estimated USD sent since its last total; reset per scope by a newer total. */
    private final SpendReservations spend = new SpendReservations();

    synchronized Reservation provider(String provider, Instant stateUpdatedAt) {
        return providers.current(provider, stateUpdatedAt);
    }

    synchronized void reserveProvider(String provider, Instant stateUpdatedAt, long tokens, Instant madeAt) {
        providers.reserve(provider, stateUpdatedAt, tokens, madeAt);
    }

    synchronized double spend(String scope, Instant totalUpdatedAt) {
        return spend.current(scope, totalUpdatedAt);
    }

    synchronized void reserveSpend(String scope, Instant totalUpdatedAt, double usd) {
        spend.reserve(scope, totalUpdatedAt, usd);
    }
}
