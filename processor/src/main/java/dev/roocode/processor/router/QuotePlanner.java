package dev.roocode.processor.router;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans where a list of jobs would go, what each would cost and when it should finish, with the
 * same policies, filters, strategies and budget caps as the processor, and no Kafka. Jobs are
 * planned in order and each assignment is reserved, so later jobs see the backlog earlier ones
 * make (a batch of 10,000 spills from the cheapest provider once its TPM cannot take more before
 * the deadline). For a {@code quote} command and for benchmarks; the processor itself routes one
 * job at a time through {@link Router}.
 */
public final class QuotePlanner {
    private final Router router = new Router();
    private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    private final Map<String, ProviderState> states;
    private final PolicyLookup policies;
    private final int defaultMaxAttempts;

    /**
     * @param providers          configured providers (only ACTIVE ones will be chosen)
     * @param states             their published state by name; missing means idle
     * @param policies           route policies
     * @param defaultMaxAttempts attempts when no policy applies (the processor's route.max.attempts)
     */
    public QuotePlanner(
            List<ProviderConfig> providers,
            Map<String, ProviderState> states,
            PolicyLookup policies,
            int defaultMaxAttempts) {
        providers.forEach(p -> this.providers.put(p.getName(), p));
        this.states = Map.copyOf(states);
        this.policies = policies;
        this.defaultMaxAttempts = defaultMaxAttempts;
    }

    /** The plan for {@code jobs} as if all were submitted at {@code now}. */
    public Quote plan(List<Job> jobs, Instant now) {
        Reservations reservations = new Reservations();
        PlannedSpend spend = new PlannedSpend();
        LoadView loads = config -> {
            ProviderState state = states.get(config.getName());
            return ProviderLoad.of(
                    config, state, reservations.current(config.getName(), state == null ? null : state.getUpdatedAt()));
        };
        List<Quote.Line> lines = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            EffectiveRoute route = RoutePolicies.resolve(job, policies, defaultMaxAttempts);
            RouteDecision decision =
                    router.route(new RouteRequest(job, route, providers.values(), loads, spend, Set.of(), now));
            Instant finish = null;
            if (decision instanceof RouteDecision.Assigned assigned) {
                ProviderConfig chosen = providers.get(assigned.provider());
                finish = loads.loadOf(chosen).estimatedFinish(assigned.estimatedTokens(), now);
                ProviderState state = states.get(assigned.provider());
                reservations.reserve(
                        assigned.provider(), state == null ? null : state.getUpdatedAt(), assigned.estimatedTokens());
                spend.add(job, assigned.estimatedCostUsd());
            }
            lines.add(new Quote.Line(job.getRequestId(), decision, finish));
        }
        return new Quote(lines);
    }

    /** Estimated spend of the jobs planned so far, so batch and tenant caps apply within a plan. */
    private static final class PlannedSpend implements SpendView {
        private final Map<String, Double> byBatch = new HashMap<>();
        private final Map<String, Double> byTenant = new HashMap<>();

        void add(Job job, double usd) {
            if (job.getBatchId() != null) {
                byBatch.merge(job.getBatchId(), usd, Double::sum);
            }
            if (job.getTenant() != null) {
                byTenant.merge(job.getTenant(), usd, Double::sum);
            }
        }

        @Override
        public double batchUsd(String batchId) {
            return byBatch.getOrDefault(batchId, 0d);
        }

        @Override
        public double tenantUsd(String tenant) {
            return byTenant.getOrDefault(tenant, 0d);
        }
    }
}
