package dev.roocode.processor.router;

import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rules for one job: its route policy (or the defaults when there is none) with the job's own
 * hints applied. Built by {@link RoutePolicies#resolve}.
 *
 * @param model                   logical model offers are looked up by (an alias resolves to its policy's model)
 * @param policy                  the model key of the policy in force, {@code *}, or null when none applies
 * @param strategy                how the first provider is chosen
 * @param explicitProvider        the provider the job names, or null
 * @param allowed                 the policy's candidates by provider name; empty allows every provider
 * @param fallbacks               fallback chain, the job's names first, then the policy's
 * @param maxAttempts             providers tried at most
 * @param maxCostUsdPerJob        the smaller of the job's and the policy's per-job cap, or null
 * @param maxCostUsdPerBatch      the policy's cap on a batch's spend, or null
 * @param maxCostUsdPerTenant     the policy's cap on a tenant's spend, or null
 * @param fallbackOnRequestErrors whether BAD_REQUEST, CONTEXT_LENGTH and CONTENT_POLICY try other providers
 * @param region                  required region or residency tag, or null
 * @param deadline                when a Result is wanted, or null
 */
public record EffectiveRoute(
        String model,
        String policy,
        RoutingStrategy strategy,
        String explicitProvider,
        Map<String, RouteCandidate> allowed,
        List<String> fallbacks,
        int maxAttempts,
        Double maxCostUsdPerJob,
        Double maxCostUsdPerBatch,
        Double maxCostUsdPerTenant,
        boolean fallbackOnRequestErrors,
        String region,
        Instant deadline) {

    public EffectiveRoute {
        allowed = Map.copyOf(allowed);
        fallbacks = List.copyOf(fallbacks);
    }

    /** Whether the policy lets {@code provider} serve the job. */
    public boolean allows(String provider) {
        return allowed.isEmpty() || allowed.containsKey(provider);
    }
}
