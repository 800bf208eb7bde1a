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
 */
public record Candidate(ProviderConfig provider, ModelOffer offer, String providerModel, double estimatedCostUsd, ProviderLoad load,
                        int priority, int weight) {

    /** The provider's name. */
    public String name() {
        return provider.getName();
    }

    /** This candidate with {@code requests} more jobs of {@code jobTokens} queued ahead (planning only; nothing is reserved). */
    public Candidate withQueuedAhead(long requests, long jobTokens) {
        if (requests <= 0) {
            return this;
        }
        ProviderLoad queued = new ProviderLoad(load.backlogRequests() + requests, load.backlogTokens() + requests * jobTokens, load.rpm(),
                load.tpm(), load.latencyEwmaMs(), load.errorRate(), load.circuitOpen(), load.rateLimitedUntil());
        return new Candidate(provider, offer, providerModel, estimatedCostUsd, queued, priority, weight);
    }

    /** When a job of {@code jobTokens} sent now should be done here. */
    public Instant estimatedFinish(long jobTokens, Instant now) {
        return load.estimatedFinish(jobTokens, now);
    }
}
