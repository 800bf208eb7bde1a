package dev.roocode.processor.router.strategy;

import dev.roocode.processor.router.Candidate;
import java.util.Comparator;
import java.util.List;

/**
 * LATENCY: lowest attempt-latency EWMA first. A provider with no measurement yet counts as 0, so
 * new providers get traffic and a measurement; equal latencies go cheapest first.
 */
public final class LatencyStrategy implements RouteStrategy {
    @Override
    public List<Candidate> rank(List<Candidate> candidates, RankingInput input) {
        return candidates.stream()
                .sorted(Comparator.comparingDouble((Candidate c) -> c.load().latencyEwmaMs())
                        .thenComparing(Orderings.BY_COST)
                        .thenComparing(Orderings.BY_NAME))
                .toList();
    }
}
