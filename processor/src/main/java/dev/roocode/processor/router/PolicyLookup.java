package dev.roocode.processor.router;

import dev.roocode.schemas.avro.RoutePolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where route policies come from: the routes global store in the topology, a plain map in a CLI or a benchmark. */
public interface PolicyLookup {
    /** No policies at all: every job routes as before policies existed. */
    PolicyLookup NONE = of(List.of());

    /** The policy stored under logical model {@code model} (or {@code *}), or null. */
    RoutePolicy byModel(String model);

    /** The policy listing {@code alias} among its aliases, or null. */
    RoutePolicy byAlias(String alias);

    /** A lookup over a fixed set of policies. */
    static PolicyLookup of(Collection<RoutePolicy> policies) {
        Map<String, RoutePolicy> byModel = new HashMap<>();
        Map<String, RoutePolicy> byAlias = new HashMap<>();
        for (RoutePolicy policy : policies) {
            byModel.put(policy.getModel(), policy);
            policy.getAliases().forEach(alias -> byAlias.putIfAbsent(alias, policy));
        }
        return new PolicyLookup() {
            @Override
            public RoutePolicy byModel(String model) {
                return byModel.get(model);
            }

            @Override
            public RoutePolicy byAlias(String alias) {
                return byAlias.get(alias);
            }
        };
    }
}
