package dev.roocode.processor.requests;

import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.processor.router.LoadView;
import dev.roocode.processor.router.PolicyLookup;
import dev.roocode.processor.router.ProviderLoad;
import dev.roocode.processor.router.SpendView;
import dev.roocode.processor.router.WorkerHealth;
import dev.roocode.processor.spend.SpendDelta;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.SpendTotal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the router reads, as the plain interfaces of the router package: the global providers,
 * routes, provider-state and spend stores, plus the process's in-flight reservations. One per
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
    /** The process's in-flight reservations (providers and spend scopes), shared with every routing processor. */
    private final ReservationLedger ledger;
    /** Tells when a global store changed: the copies below are decoded once per change, not once per job. */
    private final StoreVersions versions;
    /** Every provider of {@link #providers} by name, decoded, in the store's order, as of {@link #providersVersion}. */
    private Map<String, ProviderConfig> allProviders;

    private long providersVersion = -1;
    /** Providers of {@link #allProviders} without their batch endpoint, for while its topic is missing. */
    private final Map<String, ProviderConfig> withoutBatch = new HashMap<>();
    /** Every policy of {@link #routes}, decoded and indexed by model and alias, as of {@link #routesVersion}. */
    private PolicyLookup policies;

    private long routesVersion = -1;
    private final Decoded<ProviderState> stateCopies = new Decoded<>(Requests.PROVIDER_STATE_STORE);
    private final Decoded<ProviderState> healthCopies = new Decoded<>(Requests.PROVIDER_HEALTH_STORE);
    private final Decoded<SpendTotal> spendCopies = new Decoded<>(Requests.SPEND_STORE);

    /**
     * Values of one global store as this view decoded them, dropped when the store changes. The global
     * stores keep serialized bytes, so every read decodes an Avro record; a routing decision read
     * every provider's config, state and health, and its spend scopes, each time (a fifth of the
     * processor's CPU in the cost benchmark's router phase).
     */
    private final class Decoded<V> {
        private final String store;
        private final Map<String, Optional<V>> values = new HashMap<>();
        private long version = -1;

        Decoded(String store) {
            this.store = store;
        }

        V get(KeyValueStore<String, V> from, String key) {
            long current = versions.version(store);
            if (current != version) {
                values.clear();
                version = current;
            }
            return values.computeIfAbsent(key, k -> Optional.ofNullable(from.get(k)))
                    .orElse(null);
        }
    }

    RoutingView(ProcessorContext<?, ?> context, ReservationLedger ledger, StoreVersions versions) {
        this.versions = versions;
        this.ledger = ledger;
        this.providers = context.getStateStore(Requests.PROVIDERS_STORE);
        this.routes = context.getStateStore(Requests.ROUTES_STORE);
        this.states = context.getStateStore(Requests.PROVIDER_STATE_STORE);
        this.health = context.getStateStore(Requests.PROVIDER_HEALTH_STORE);
        this.spend = context.getStateStore(Requests.SPEND_STORE);
    }

    ProviderConfig provider(String name) {
        return allProviders().get(name);
    }

    /**
     * Providers whose dispatch topic exists, so a send can never block on a missing topic; one with a batch endpoint
     * whose batch dispatch topic does not exist (yet) is given without it (a copy kept until the providers change).
     */
    List<ProviderConfig> routableProviders(Predicate<String> hasDispatchTopic, Predicate<String> hasBatchTopic) {
        Map<String, ProviderConfig> all = allProviders();
        List<ProviderConfig> routable = new ArrayList<>(all.size());
        all.forEach((name, provider) -> {
            if (hasDispatchTopic.test(name)) {
                routable.add(
                        provider.getBatch() == null || hasBatchTopic.test(name) ? provider : withoutBatch(provider));
            }
        });
        return routable;
    }

    private ProviderConfig withoutBatch(ProviderConfig provider) {
        return withoutBatch.computeIfAbsent(
                provider.getName(),
                name -> ProviderConfig.newBuilder(provider).setBatch(null).build());
    }

    /** {@link #allProviders}, decoded again when the providers store has changed since. */
    private Map<String, ProviderConfig> allProviders() {
        long version = versions.version(Requests.PROVIDERS_STORE);
        if (allProviders == null || version != providersVersion) {
            Map<String, ProviderConfig> decoded = new LinkedHashMap<>();
            try (KeyValueIterator<String, ProviderConfig> all = providers.all()) {
                while (all.hasNext()) {
                    KeyValue<String, ProviderConfig> entry = all.next();
                    decoded.put(entry.key, entry.value);
                }
            }
            allProviders = decoded;
            withoutBatch.clear();
            providersVersion = version;
        }
        return allProviders;
    }

    @Override
    public RoutePolicy byModel(String model) {
        return policies().byModel(model);
    }

    @Override
    public RoutePolicy byAlias(String alias) {
        return policies().byAlias(alias);
    }

    /**
     * {@link #policies}, built again when the routes store has changed since: a job whose model has no policy of its own
     * looked for it among every policy's aliases, a scan and a decode of the whole store per job.
     */
    private PolicyLookup policies() {
        long version = versions.version(Requests.ROUTES_STORE);
        if (policies == null || version != routesVersion) {
            List<RoutePolicy> all = new ArrayList<>();
            try (KeyValueIterator<String, RoutePolicy> entries = routes.all()) {
                entries.forEachRemaining(entry -> all.add(entry.value));
            }
            policies = PolicyLookup.of(
                    all); // in store order: an alias two policies list goes to the first, as the scan did
            routesVersion = version;
        }
        return policies;
    }

    /** The breaker state the workers last published for {@code provider}; CLOSED when they published none. */
    BreakerState healthBreaker(String provider) {
        ProviderState published = healthCopies.get(health, provider);
        return published == null || published.getBreaker() == null ? BreakerState.CLOSED : published.getBreaker();
    }

    @Override
    public ProviderLoad loadOf(ProviderConfig provider) {
        ProviderState state = stateCopies.get(states, provider.getName());
        return ProviderLoad.of(
                        provider,
                        state,
                        ledger.provider(provider.getName(), state == null ? null : state.getUpdatedAt()))
                .withHealth(healthCopies.get(health, provider.getName()));
    }

    @Override
    public String unavailable(ProviderConfig provider) {
        return WorkerHealth.unavailableReason(provider, healthCopies.get(health, provider.getName()));
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
        SpendTotal total = spendCopies.get(spend, scope);
        double published = total == null ? 0 : total.getCostUsd() + total.getInFlightUsd();
        return published + ledger.spend(scope, total == null ? null : total.getUpdatedAt());
    }

    /** Counts {@code job}, sent to {@code provider} (a batch candidate: its spend only) as {@code tokens} at about {@code estimatedUsd}, until the published state and spend show it. */
    void reserve(Job job, String provider, long tokens, double estimatedUsd, Instant now) {
        // a batch line takes none of its provider's realtime capacity (and holds nothing for its turnaround there)
        if (!BatchCandidates.isBatch(provider)) {
            ProviderState state = stateCopies.get(states, provider);
            ledger.reserveProvider(provider, state == null ? null : state.getUpdatedAt(), tokens, now);
        }
        for (String scope : SpendDelta.keysOf(job)) {
            SpendTotal total = spendCopies.get(spend, scope);
            ledger.reserveSpend(scope, total == null ? null : total.getUpdatedAt(), estimatedUsd);
        }
    }
}
