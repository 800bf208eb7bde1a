package dev.roocode.processor.spend;

import dev.roocode.schemas.avro.SpendTotal;
import java.time.Instant;

/**
 * Folds a {@link SpendDelta} (one event or a sum of several) into a scope's total. Pure; the spend
 * aggregation of the topology. A finished attempt moves money from in flight to spent: it adds its
 * actual cost and takes the in-flight mean per attempt off the in-flight estimate (a finish does not
 * carry its dispatch estimate). A sum applies its dispatches before its finishes; for one event the
 * result is that of the event alone. The total's {@code updatedAt} is the delta's time.
 */
public final class SpendTotals {
    private SpendTotals() {}

    /**
     * {@code previous} (null for a scope not seen yet) after {@code delta}, updated at the delta's time;
     * a delta of unknown time (0: decoded from the encoding before it had one) keeps the previous
     * {@code updatedAt}, or the epoch for a new scope (routers then keep their own reservations on the
     * scope until a total with a known time replaces it: the cautious side of a budget cap).
     */
    public static SpendTotal apply(String scope, SpendTotal previous, SpendDelta delta) {
        SpendTotal.Builder next =
                previous == null ? SpendTotal.newBuilder().setScope(scope) : SpendTotal.newBuilder(previous);
        if (delta.dispatched() > 0) {
            next.setInFlight(next.getInFlight() + delta.dispatched())
                    .setInFlightUsd(next.getInFlightUsd() + delta.estimatedUsd());
        }
        long finished = delta.finished();
        if (finished > 0) {
            long inFlight = next.getInFlight();
            double mean = inFlight <= 0 ? 0 : next.getInFlightUsd() / inFlight;
            next.setInFlight(Math.max(0, inFlight - finished))
                    .setInFlightUsd(inFlight <= finished ? 0 : Math.max(0, next.getInFlightUsd() - finished * mean))
                    .setCostUsd(next.getCostUsd() + delta.costUsd())
                    .setInputTokens(next.getInputTokens() + delta.inputTokens())
                    .setOutputTokens(next.getOutputTokens() + delta.outputTokens())
                    .setAttempts(next.getAttempts() + finished);
        }
        Instant at = delta.atMs() > 0
                ? Instant.ofEpochMilli(delta.atMs())
                : previous != null ? previous.getUpdatedAt() : Instant.EPOCH;
        return next.setUpdatedAt(at).build();
    }
}
