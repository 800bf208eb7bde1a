package dev.roocode.api.models;

import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutePolicy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logical models callers may name, from the latest route and provider records: every route's model and
 * aliases, and every model an ACTIVE provider offers. The wildcards ({@code *} route, {@code *} offer) serve
 * any name and list none. Thread-safe: the topic reader writes, requests read.
 */
final class ModelCatalog {
    /** A model as listed: its id, when it was first seen (epoch seconds) and who serves it. */
    record Entry(String id, long created, String ownedBy) {}

    static final String ROUTED_BY = "roocode";
    private static final String ANY = "*";

    private final Map<String, RoutePolicy> routes = new ConcurrentHashMap<>();
    private final Map<String, ProviderConfig> providers = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

    /** The latest route for {@code model}; null: deleted. */
    void route(String model, RoutePolicy route, long timestampMs) {
        if (route == null) {
            routes.remove(model);
        } else {
            routes.put(model, route);
            seen(route.getModel(), timestampMs);
            route.getAliases().forEach(alias -> seen(alias, timestampMs));
        }
    }

    /** The latest record of provider {@code name}; null: deleted. */
    void provider(String name, ProviderConfig provider, long timestampMs) {
        if (provider == null) {
            providers.remove(name);
        } else {
            providers.put(name, provider);
            provider.getOffers().forEach(offer -> seen(offer.getModel(), timestampMs));
        }
    }

    private void seen(String model, long timestampMs) {
        firstSeen.putIfAbsent(model, Math.max(0, timestampMs / 1000));
    }

    /** Every listed model, sorted by id; a model both routed and offered is the route's. */
    Map<String, Entry> models() {
        Map<String, Entry> models = new TreeMap<>();
        for (ProviderConfig provider : providers.values()) {
            if (provider.getStatus() != ProviderStatus.ACTIVE) {
                continue;
            }
            for (ModelOffer offer : provider.getOffers()) {
                add(models, offer.getModel(), provider.getName());
            }
        }
        for (RoutePolicy route : routes.values()) {
            add(models, route.getModel(), ROUTED_BY);
            route.getAliases().forEach(alias -> add(models, alias, ROUTED_BY));
        }
        return models;
    }

    private void add(Map<String, Entry> models, String id, String ownedBy) {
        if (id == null || id.isBlank() || ANY.equals(id)) {
            return;
        }
        Entry existing = models.get(id);
        if (existing == null || ROUTED_BY.equals(ownedBy)) {
            models.put(id, new Entry(id, firstSeen.getOrDefault(id, 0L), ownedBy));
        }
    }
}
