package dev.roocode.processor.topology;

import dev.roocode.processor.router.LoadView;
import dev.roocode.processor.router.PolicyLookup;
import dev.roocode.processor.router.ProviderLoad;
import dev.roocode.processor.router.Reservations;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.RoutePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the router reads, as the plain interfaces of the router package: the global providers,
 * routes and provider-state stores, plus this processor's own in-flight reservations. One per
 * processor instance (so per task); not thread-safe.
 */
final class RoutingView implements PolicyLookup, LoadView {
    /** provider name → ProviderConfig; global, fed by the providers topic (admin-cli writes it; tombstone removes). Read-only here. */
    private final KeyValueStore<String, ProviderConfig> providers;
    /** logical model or {@code *} → RoutePolicy; global, fed by the routes topic (admin-cli writes it; tombstone removes). Read-only here. */
    private final KeyValueStore<String, RoutePolicy> routes;
    /** provider name → ProviderState; global, fed by the provider-state topic (the provider-state aggregator writes it). Read-only here. */
    private final KeyValueStore<String, ProviderState> states;
    /** provider → work sent since its last state; in memory, reset per provider when a newer state arrives. */
    private final Reservations reservations = new Reservations();

    RoutingView(ProcessorContext<?, ?> context) {
        this.providers = context.getStateStore(RoocodeTopology.PROVIDERS_STORE);
        this.routes = context.getStateStore(RoocodeTopology.ROUTES_STORE);
        this.states = context.getStateStore(RoocodeTopology.PROVIDER_STATE_STORE);
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
        return ProviderLoad.of(provider, state, reservations.current(provider.getName(), state == null ? null : state.getUpdatedAt()));
    }

    /** Counts a job of {@code tokens} sent to {@code provider} until its state shows it. */
    void reserve(String provider, long tokens) {
        ProviderState state = states.get(provider);
        reservations.reserve(provider, state == null ? null : state.getUpdatedAt(), tokens);
    }
}
