package dev.roocode.processor.state;

import dev.roocode.processor.router.TokenCalibration;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ProviderState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Folds a {@link ProviderDelta} (one event or a sum of several) into a provider's state. Pure. Rates
 * count finished attempts in the current one-minute tumbling window; latency and error rate are
 * EWMAs with weight {@value #ALPHA}, a sum of n observations counting as n observations of their
 * mean; the backlog is dispatched minus finished, and its tokens shrink by the backlog's mean per
 * job for each one that finishes (a finish does not know its dispatch estimate); each provider
 * model's prompt-token ratio is learned from the delta's prompt samples ({@link TokenCalibration}).
 * A sum applies its dispatches before its finishes. For a delta of one event the result is exactly
 * that of folding the event alone.
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
            next.setWindowStart(at.truncatedTo(ChronoUnit.MINUTES))
                    .setRequestsInWindow(0)
                    .setTokensInWindow(0);
        }
        if (delta.dispatched() > 0) {
            next.setBacklog(next.getBacklog() + delta.dispatched())
                    .setBacklogTokens(next.getBacklogTokens() + delta.estimatedTokens());
        }
        if (delta.finished() > 0) {
            finish(next, delta);
        }
        if (!delta.prompts().isEmpty()) {
            // a builder holds null until build() applies the field's default
            Map<String, Double> ratios = next.getPromptTokenRatios() == null ? Map.of() : next.getPromptTokenRatios();
            next.setPromptTokenRatios(TokenCalibration.learn(ratios, delta.prompts()));
        }
        // the latest event counted (events of several tasks may arrive slightly out of time order)
        return next.setUpdatedAt(
                        next.getUpdatedAt() == null || at.isAfter(next.getUpdatedAt()) ? at : next.getUpdatedAt())
                .build();
    }

    private static void finish(ProviderState.Builder next, ProviderDelta delta) {
        long backlog = next.getBacklog();
        long finished = delta.finished();
        long meanTokens = backlog <= 0 ? 0 : next.getBacklogTokens() / backlog;
        next.setBacklog(Math.max(0, backlog - finished))
                .setBacklogTokens(
                        backlog <= finished ? 0 : Math.max(0, next.getBacklogTokens() - finished * meanTokens))
                .setRequestsInWindow(next.getRequestsInWindow() + finished)
                .setTokensInWindow(next.getTokensInWindow() + delta.tokens())
                .setErrorRate(ewma(next.getErrorRate(), (double) delta.failed() / finished, finished));
        if (delta.latencyCount() > 0) {
            double mean = (double) delta.latencySumMs() / delta.latencyCount();
            next.setLatencyEwmaMs(
                    next.getLatencyEwmaMs() == 0 ? mean : ewma(next.getLatencyEwmaMs(), mean, delta.latencyCount()));
        }
    }

    /** {@code average} after {@code count} observations of {@code observation}. */
    private static double ewma(double average, double observation, long count) {
        return observation + (average - observation) * Math.pow(1 - ALPHA, count);
    }

    private static ProviderState.Builder fresh(String provider, Instant at) {
        return ProviderState.newBuilder()
                .setProvider(provider)
                .setWindowStart(at.truncatedTo(ChronoUnit.MINUTES))
                .setBreaker(BreakerState.CLOSED)
                .setUpdatedAt(at);
    }
}
