package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Chooses a provider for one attempt of a job. Candidates are the ACTIVE providers offering the
 * job's model and kind, in the job's region if it names one, not yet tried for the job, and the
 * named provider only when the job names one. Among them it takes the cheapest by estimated cost
 * (COST), ties broken by name so every instance decides alike.
 *
 * <p>This is the walking skeleton's router: route policies, quota- and deadline-aware COST,
 * PRIORITY, WEIGHTED and LATENCY come with the routing issue behind this same method.
 */
public final class Router {

    /** Decides where {@code job} goes, excluding {@code tried} providers. */
    public RouteDecision route(Job job, Iterable<ProviderConfig> providers, Set<String> tried) {
        String explicit = job.getRouting().getProvider();
        String region = job.getRouting().getRegion();
        long inputTokens = TokenEstimator.inputTokens(job);
        long outputTokens = TokenEstimator.outputTokens(job);
        List<RouteDecision.Assigned> candidates = new ArrayList<>();
        List<String> exclusions = new ArrayList<>();
        for (ProviderConfig provider : providers) {
            String name = provider.getName();
            if (explicit != null && !explicit.equals(name)) {
                continue;
            }
            if (provider.getStatus() != ProviderStatus.ACTIVE) {
                exclusions.add(name + ": " + provider.getStatus());
                continue;
            }
            if (tried.contains(name)) {
                exclusions.add(name + ": already tried");
                continue;
            }
            if (region != null && !region.equals(provider.getRegion()) && !provider.getTags().contains(region)) {
                exclusions.add(name + ": not in region " + region);
                continue;
            }
            ModelOffer offer = Offers.find(provider, job.getModel(), job.getKind()).orElse(null);
            if (offer == null) {
                exclusions.add(name + ": no " + job.getKind() + " offer for " + job.getModel());
                continue;
            }
            if (inputTokens + outputTokens > offer.getContextWindow()) {
                exclusions.add(name + ": context window " + offer.getContextWindow() + " < " + (inputTokens + outputTokens) + " tokens");
                continue;
            }
            RoutingStrategy strategy = explicit != null ? RoutingStrategy.EXPLICIT : RoutingStrategy.COST;
            candidates.add(new RouteDecision.Assigned(
                    name, Offers.providerModel(offer, job.getModel()), strategy, inputTokens, Offers.costUsd(offer, inputTokens, outputTokens)));
        }
        if (candidates.isEmpty()) {
            return new RouteDecision.Rejected(ErrorClass.NO_ROUTE, noRouteReason(job, explicit, exclusions));
        }
        candidates.sort(Comparator.comparingDouble(RouteDecision.Assigned::estimatedCostUsd).thenComparing(RouteDecision.Assigned::provider));
        return candidates.get(0);
    }

    private static String noRouteReason(Job job, String explicit, List<String> exclusions) {
        StringBuilder reason = new StringBuilder("no provider can serve ").append(job.getKind()).append(" model ").append(job.getModel());
        if (explicit != null && exclusions.isEmpty()) {
            return reason.append(": provider ").append(explicit).append(" is not configured").toString();
        }
        if (exclusions.isEmpty()) {
            return reason.append(": no providers are configured").toString();
        }
        return reason.append(" (").append(String.join("; ", exclusions)).append(')').toString();
    }
}
