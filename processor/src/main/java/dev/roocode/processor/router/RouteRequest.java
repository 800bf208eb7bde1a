package dev.roocode.processor.router;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Everything one routing decision reads.
 *
 * @param job         the job
 * @param route       its policy with its hints applied ({@link RoutePolicies#resolve})
 * @param providers   every configured provider that could take traffic
 * @param loads       their current load
 * @param spend       spend so far per batch and tenant
 * @param tried       providers already tried for this job
 * @param now         the time of the decision
 * @param inputTokens the job's prompt tokens when already counted (a parked job keeps its count), else null
 * @param batchTries  what the job's batch lines have done so far (re-batching, {@link BatchCandidates})
 */
public record RouteRequest(
        Job job,
        EffectiveRoute route,
        Collection<ProviderConfig> providers,
        LoadView loads,
        SpendView spend,
        Set<String> tried,
        Instant now,
        Long inputTokens,
        BatchTries batchTries) {
    public RouteRequest {
        tried = Set.copyOf(tried);
    }

    /** A request whose batch tries are counted from {@code tried} (none of them to be tried again). */
    public RouteRequest(
            Job job,
            EffectiveRoute route,
            Collection<ProviderConfig> providers,
            LoadView loads,
            SpendView spend,
            Set<String> tried,
            Instant now,
            Long inputTokens) {
        this(job, route, providers, loads, spend, tried, now, inputTokens, BatchTries.counted(tried));
    }

    /** A request whose prompt tokens are still to be counted. */
    public RouteRequest(
            Job job,
            EffectiveRoute route,
            Collection<ProviderConfig> providers,
            LoadView loads,
            SpendView spend,
            Set<String> tried,
            Instant now) {
        this(job, route, providers, loads, spend, tried, now, null);
    }
}
