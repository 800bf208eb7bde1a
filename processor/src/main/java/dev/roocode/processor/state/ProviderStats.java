package dev.roocode.processor.state;

import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ProviderState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Folds one {@link ProviderDelta} into a provider's state. Pure. Rates count finished attempts in
 * the current one-minute tumbling window; latency and error rate are EWMAs with weight
 * {@value #ALPHA}; the backlog is dispatched minus finished, and its tokens shrink by the backlog's
 * mean per job when one finishes (a finish does not know its dispatch estimate).
 */
public final class ProviderStats {
    /** Weight of the newest observation in the moving averages. */
    static final double ALPHA = 0.2;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private ProviderStats() {}

    /** {@code previous} (null for a provider not seen yet) after {@code delta} at {@code at}. */
    public static ProviderState apply(String provider, ProviderState previous, ProviderDelta delta, Instant at) {
        ProviderState.Builder next = previous == null ? fresh(provider, at) : ProviderState.newBuilder(previous);
        if (!at.isBefore(next.getWindowStart().plus(WINDOW))) {
            next.setWindowStart(at.truncatedTo(ChronoUnit.MINUTES)).setRequestsInWindow(0).setTokensInWindow(0);
        }
        if (delta.dispatched()) {
            next.setBacklog(next.getBacklog() + 1).setBacklogTokens(next.getBacklogTokens() + delta.estimatedTokens());
        } else {
            finish(next, delta);
        }
        // the latest event counted (events of several tasks may arrive slightly out of time order)
        return next.setUpdatedAt(next.getUpdatedAt() == null || at.isAfter(next.getUpdatedAt()) ? at : next.getUpdatedAt()).build();
    }

    private static void finish(ProviderState.Builder next, ProviderDelta delta) {
        long backlog = next.getBacklog();
        long meanTokens = backlog <= 0 ? 0 : next.getBacklogTokens() / backlog;
        next.setBacklog(Math.max(0, backlog - 1))
                .setBacklogTokens(backlog <= 1 ? 0 : Math.max(0, next.getBacklogTokens() - meanTokens))
                .setRequestsInWindow(next.getRequestsInWindow() + 1)
                .setTokensInWindow(next.getTokensInWindow() + delta.tokens())
                .setErrorRate(ewma(next.getErrorRate(), delta.failed() ? 1 : 0));
        if (delta.latencyMs() > 0) {
            next.setLatencyEwmaMs(next.getLatencyEwmaMs() == 0 ? delta.latencyMs() : ewma(next.getLatencyEwmaMs(), delta.latencyMs()));
        }
    }

    private static double ewma(double average, double observation) {
        return average + ALPHA * (observation - average);
    }

    private static ProviderState.Builder fresh(String provider, Instant at) {
        return ProviderState.newBuilder().setProvider(provider).setWindowStart(at.truncatedTo(ChronoUnit.MINUTES))
                .setBreaker(BreakerState.CLOSED).setUpdatedAt(at);
    }
}
