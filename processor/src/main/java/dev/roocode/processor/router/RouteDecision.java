package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.RoutingStrategy;

/** What the router decided for one attempt of a job: a provider, or why there is none. */
public sealed interface RouteDecision {

    /** The job goes to {@code provider} as {@code providerModel}; the estimates are before any call. */
    record Assigned(
            String provider,
            String providerModel,
            RoutingStrategy strategy,
            long estimatedInputTokens,
            long estimatedOutputTokens,
            double estimatedCostUsd)
            implements RouteDecision {

        /** Prompt plus output tokens: what the job reserves of the provider's TPM. */
        public long estimatedTokens() {
            return estimatedInputTokens + estimatedOutputTokens;
        }
    }

    /**
     * The job waits in the router for cheaper room (see {@link Deferral}); it is asked again at the
     * next release pass. Only COST jobs with a deadline on their first attempt are ever deferred.
     */
    record Deferred(long inputTokens) implements RouteDecision {}

    /** No provider may take the job: NO_ROUTE (with why each was excluded) or BUDGET_EXCEEDED. */
    record Rejected(ErrorClass errorClass, String reason) implements RouteDecision {}
}
