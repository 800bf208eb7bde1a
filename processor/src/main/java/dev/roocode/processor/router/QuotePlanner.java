package dev.roocode.processor.router;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import java.time.Duration;
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
    private final Router router;
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
        this(providers, states, policies, defaultMaxAttempts, BatchCandidates.DEFAULT_MARGIN);
    }

    /** As {@link #QuotePlanner(List, Map, PolicyLookup, int)}, with the processor's {@code route.batch.margin.ms}. */
    public QuotePlanner(
            List<ProviderConfig> providers,
            Map<String, ProviderState> states,
            PolicyLookup policies,
            int defaultMaxAttempts,
            Duration batchMargin) {
        providers.forEach(p -> this.providers.put(p.getName(), p));
        this.states = Map.copyOf(states);
        this.policies = policies;
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.router = new Router(batchMargin);
    }

    /** Whether any provider has a batch endpoint, so a plan may differ from {@link #planRealtime}. */
    public boolean offersBatch() {
        return providers.values().stream().anyMatch(p -> p.getBatch() != null);
    }

    /**
     * The plan for {@code jobs} as if all were submitted at {@code now}, as the processor routes them: COST jobs whose
     * deadlines allow it go to batch candidates ({@link BatchCandidates}).
     */
    public Quote plan(List<Job> jobs, Instant now) {
        return plan(jobs, now, providers);
    }

    /** The plan for {@code jobs} at {@code now} with no batch candidate: what they cost sent realtime. */
    public Quote planRealtime(List<Job> jobs, Instant now) {
        Map<String, ProviderConfig> realtime = new LinkedHashMap<>();
        providers.forEach((name, p) -> realtime.put(
                name,
                p.getBatch() == null
                        ? p
                        : ProviderConfig.newBuilder(p).setBatch(null).build()));
        return plan(jobs, now, realtime);
    }

    private Quote plan(List<Job> jobs, Instant now, Map<String, ProviderConfig> providers) {
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
            if (decision instanceof RouteDecision.Assigned assigned && BatchCandidates.isBatch(assigned.provider())) {
                // a batch line waits for its provider batch, not behind realtime work: done within the turnaround
                ProviderConfig chosen = providers.get(BatchCandidates.providerOf(assigned.provider()));
                finish = now.plusMillis(chosen.getBatch().getTurnaroundMs());
                spend.add(job, assigned.estimatedCostUsd());
            } else if (decision instanceof RouteDecision.Assigned assigned) {
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
