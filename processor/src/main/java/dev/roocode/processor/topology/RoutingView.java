package dev.roocode.processor.topology;

import dev.roocode.processor.router.LoadView;
import dev.roocode.processor.router.PolicyLookup;
import dev.roocode.processor.router.ProviderLoad;
import dev.roocode.processor.router.SpendView;
import dev.roocode.processor.spend.SpendDelta;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.SpendTotal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the router reads, as the plain interfaces of the router package: the global providers,
 * routes, provider-state and spend stores, plus the in-flight reservations of the task. One per
 * processor instance; not thread-safe.
 */
final class RoutingView implements PolicyLookup, LoadView, SpendView {
    /** provider name → ProviderConfig; global, fed by the providers topic (admin-cli writes it; tombstone removes). Read-only here. */
    private final KeyValueStore<String, ProviderConfig> providers;
    /** logical model or {@code *} → RoutePolicy; global, fed by the routes topic (admin-cli writes it; tombstone removes). Read-only here. */
    private final KeyValueStore<String, RoutePolicy> routes;
    /** provider name → ProviderState; global, fed by the provider-state topic (the provider-state aggregator writes it). Read-only here. */
    private final KeyValueStore<String, ProviderState> states;
    /** provider name → ProviderState as the workers publish it (breaker, rateLimitedUntil); global, fed by the provider-health topic. Read-only here. */
    private final KeyValueStore<String, ProviderState> health;
    /** {@code batch:<id>} / {@code tenant:<name>} → SpendTotal; global, fed by the spend topic (the spend accountant writes it). Read-only here. */
    private final KeyValueStore<String, SpendTotal> spend;
    /** This task's in-flight reservations (providers and spend scopes), shared with the task's other routing processors. */
    private final TaskLedgers.Ledger ledger;

    RoutingView(ProcessorContext<?, ?> context, TaskLedgers ledgers) {
        this.ledger = ledgers.forTask(context.taskId());
        this.providers = context.getStateStore(RoocodeTopology.PROVIDERS_STORE);
        this.routes = context.getStateStore(RoocodeTopology.ROUTES_STORE);
        this.states = context.getStateStore(RoocodeTopology.PROVIDER_STATE_STORE);
        this.health = context.getStateStore(RoocodeTopology.PROVIDER_HEALTH_STORE);
        this.spend = context.getStateStore(RoocodeTopology.SPEND_STORE);
    }

    ProviderConfig provider(String name) {
        return providers.get(name);
    }

    /** Providers whose dispatch topic exists, so a send can never block on a missing topic. */
    List<ProviderConfig> routableProviders(Predicate<String> hasDispatchTopic) {
        List<ProviderConfig> routable = new ArrayList<>();
        try (KeyValueIterator<String, ProviderConfig> all = providers.all()) {
            while (all.hasNext()) {
                KeyValue<String, ProviderConfig> entry = all.next();
                if (hasDispatchTopic.test(entry.key)) {
                    routable.add(entry.value);
                }
            }
        }
        return routable;
    }

    @Override
    public RoutePolicy byModel(String model) {
        return routes.get(model);
    }

    @Override
    public RoutePolicy byAlias(String alias) {
        // policies are few (one per logical model); a scan on a key miss is cheaper than keeping an alias index in step
        try (KeyValueIterator<String, RoutePolicy> all = routes.all()) {
            while (all.hasNext()) {
                RoutePolicy policy = all.next().value;
                if (policy.getAliases().contains(alias)) {
                    return policy;
                }
            }
        }
        return null;
    }

    @Override
    public ProviderLoad loadOf(ProviderConfig provider) {
        ProviderState state = states.get(provider.getName());
        return ProviderLoad.of(provider, state, ledger.provider(provider.getName(), state == null ? null : state.getUpdatedAt()))
                .withHealth(health.get(provider.getName()));
    }

    @Override
    public double batchUsd(String batchId) {
        return committedUsd(SpendDelta.batchKey(batchId));
    }

    @Override
    public double tenantUsd(String tenant) {
        return committedUsd(SpendDelta.tenantKey(tenant));
    }

    private double committedUsd(String scope) {
        SpendTotal total = spend.get(scope);
        double published = total == null ? 0 : total.getCostUsd() + total.getInFlightUsd();
        return published + ledger.spend(scope, total == null ? null : total.getUpdatedAt());
    }

    /** Counts {@code job}, sent to {@code provider} as {@code tokens} at about {@code estimatedUsd}, until the published state and spend show it. */
    void reserve(Job job, String provider, long tokens, double estimatedUsd, Instant now) {
        ProviderState state = states.get(provider);
        ledger.reserveProvider(provider, state == null ? null : state.getUpdatedAt(), tokens, now);
        for (String scope : SpendDelta.keysOf(job)) {
            SpendTotal total = spend.get(scope);
            ledger.reserveSpend(scope, total == null ? null : total.getUpdatedAt(), estimatedUsd);
        }
    }
}
