package dev.roocode.processor.router.strategy;

import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.EnumMap;
import java.util.Map;

/** The one place strategies are registered: a {@link RouteStrategy} for each {@link RoutingStrategy}. */
public final class Strategies {
    private static final Map<RoutingStrategy, RouteStrategy> BY_NAME = new EnumMap<>(Map.of(
            RoutingStrategy.COST, new CostStrategy(),
            RoutingStrategy.EXPLICIT, new ExplicitStrategy(),
            RoutingStrategy.PRIORITY, new PriorityStrategy(),
            RoutingStrategy.WEIGHTED, new WeightedStrategy(),
            RoutingStrategy.LATENCY, new LatencyStrategy()));

    private Strategies() {}

    /** The strategy for {@code name}; COST for null. */
    public static RouteStrategy of(RoutingStrategy name) {
        return BY_NAME.get(name == null ? RoutingStrategy.COST : name);
    }
}
