package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.RoutingStrategy;

/** What the router decided for one attempt of a job: a provider, or why there is none. */
public sealed interface RouteDecision {

    /** The job goes to {@code provider} as {@code providerModel}. */
    record Assigned(String provider, String providerModel, RoutingStrategy strategy, long estimatedInputTokens, double estimatedCostUsd)
            implements RouteDecision {}

    /** No provider may take the job; {@code reason} says why each was excluded. */
    record Rejected(ErrorClass errorClass, String reason) implements RouteDecision {}
}
