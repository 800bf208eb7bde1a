package dev.roocode.processor.router;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route policy of a job and applies the job's hints to it. A job's model matches a policy
 * by its key, then by an alias; else the {@code *} policy applies; else none, and every provider
 * offering the model is a candidate, as before policies existed. Hints narrow, never widen: a named
 * provider must be among the policy's candidates (when it lists any), a job's cost cap can only
 * lower the policy's.
 */
public final class RoutePolicies {
    /** The policy key of the default route. */
    public static final String DEFAULT_ROUTE = "*";

    private RoutePolicies() {}

    /** The policy in force for logical model or alias {@code model}, or null. */
    public static RoutePolicy policyOf(String model, PolicyLookup lookup) {
        RoutePolicy policy = lookup.byModel(model);
        if (policy == null) {
            policy = lookup.byAlias(model);
        }
        return policy != null ? policy : lookup.byModel(DEFAULT_ROUTE);
    }

    /** The rules for {@code job}; {@code defaultMaxAttempts} applies when no policy does. */
    public static EffectiveRoute resolve(Job job, PolicyLookup lookup, int defaultMaxAttempts) {
        RoutingHints hints = job.getRouting();
        RoutePolicy policy = policyOf(job.getModel(), lookup);
        boolean concrete = policy != null && !DEFAULT_ROUTE.equals(policy.getModel());
        Map<String, RouteCandidate> allowed = new LinkedHashMap<>();
        Set<String> fallbacks = new LinkedHashSet<>(hints.getFallbacks());
        if (policy != null) {
            policy.getCandidates().forEach(c -> allowed.put(c.getProvider(), c));
            fallbacks.addAll(policy.getFallbacks());
        }
        return new EffectiveRoute(
                concrete ? policy.getModel() : job.getModel(),
                policy == null ? null : policy.getModel(),
                strategyOf(hints, policy),
                hints.getProvider(),
                allowed,
                fallbacks.isEmpty() ? List.of() : List.copyOf(fallbacks),
                policy == null ? defaultMaxAttempts : Math.max(1, policy.getMaxAttempts()),
                min(hints.getMaxCostUsd(), policy == null ? null : policy.getMaxCostUsdPerJob()),
                policy == null ? null : policy.getMaxCostUsdPerBatch(),
                policy == null ? null : policy.getMaxCostUsdPerTenant(),
                policy != null && policy.getFallbackOnRequestErrors(),
                hints.getRegion(),
                hints.getDeadline());
    }

    private static RoutingStrategy strategyOf(RoutingHints hints, RoutePolicy policy) {
        if (hints.getProvider() != null) {
            return RoutingStrategy.EXPLICIT;
        }
        if (hints.getStrategy() != null) {
            return hints.getStrategy();
        }
        return policy == null ? RoutingStrategy.COST : policy.getStrategy();
    }

    private static Double min(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }
}
