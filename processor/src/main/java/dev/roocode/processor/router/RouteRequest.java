package dev.roocode.processor.router;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Everything one routing decision reads.
 *
 * @param job       the job
 * @param route     its policy with its hints applied ({@link RoutePolicies#resolve})
 * @param providers every configured provider that could take traffic
 * @param loads     their current load
 * @param spend     spend so far per batch and tenant
 * @param tried     providers already tried for this job
 * @param now       the time of the decision
 */
public record RouteRequest(Job job, EffectiveRoute route, Collection<ProviderConfig> providers, LoadView loads, SpendView spend,
                           Set<String> tried, Instant now) {
    public RouteRequest {
        tried = Set.copyOf(tried);
    }
}
