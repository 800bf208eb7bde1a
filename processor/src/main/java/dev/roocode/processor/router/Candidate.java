package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Instant;

/**
 * A provider that may serve a job, with what it would cost and how busy it is.
 *
 * @param provider         the provider's configuration
 * @param offer            its offer for the job's model and kind
 * @param providerModel    the model id to send
 * @param estimatedCostUsd token counts × offer prices
 * @param load             its load, reservations included
 * @param priority         policy priority (lower first), 0 without a policy entry
 * @param weight           policy weight, else the provider's own weight
 * @param batch            whether this is the provider's batch candidate ({@link BatchCandidates}): named
 *                         {@code <provider>:batch}, sent through the provider's batch API
 */
public record Candidate(
        ProviderConfig provider,
        ModelOffer offer,
        String providerModel,
        double estimatedCostUsd,
        ProviderLoad load,
        int priority,
        int weight,
        boolean batch) {

    /** A realtime candidate. */
    public Candidate(
            ProviderConfig provider,
            ModelOffer offer,
            String providerModel,
            double estimatedCostUsd,
            ProviderLoad load,
            int priority,
            int weight) {
        this(provider, offer, providerModel, estimatedCostUsd, load, priority, weight, false);
    }

    /** The candidate's name: the provider's, or {@code <provider>:batch} for its batch candidate. */
    public String name() {
        return batch ? BatchCandidates.nameOf(provider.getName()) : provider.getName();
    }

    /**
     * This candidate with {@code requests} more jobs of {@code jobTokens} queued ahead, draining at its measured rate
     * when that is below its limits (planning only; nothing is reserved).
     */
    public Candidate withQueuedAhead(long requests, long jobTokens) {
        if (requests <= 0 && load.drainFactor() >= 1.0) {
            return this;
        }
        // planning: the queue drains at the measured rate when that is below the limits
        ProviderLoad queued = new ProviderLoad(
                load.backlogRequests() + Math.max(0, requests),
                load.backlogTokens() + Math.max(0, requests) * jobTokens,
                scaled(load.rpm(), load.drainFactor()),
                scaled(load.tpm(), load.drainFactor()),
                load.latencyEwmaMs(),
                load.errorRate(),
                load.circuitOpen(),
                load.rateLimitedUntil(),
                load.drainFactor(),
                load.promptTokenRatios());
        return new Candidate(provider, offer, providerModel, estimatedCostUsd, queued, priority, weight, batch);
    }

    private static Long scaled(Long limit, double factor) {
        return limit == null ? null : Math.max(1, Math.round(limit * factor));
    }

    /** When a job of {@code jobTokens} sent now should be done here. */
    public Instant estimatedFinish(long jobTokens, Instant now) {
        return load.estimatedFinish(jobTokens, now);
    }
}
