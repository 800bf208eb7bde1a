package dev.roocode.processor.router.strategy;

import dev.roocode.processor.router.Candidate;
import java.util.List;

/** PRIORITY: an ordered chain, lowest policy priority first; equal priorities go cheapest first. */
public final class PriorityStrategy implements RouteStrategy {
    @Override
    public List<Candidate> rank(List<Candidate> candidates, RankingInput input) {
        return candidates.stream()
                .sorted(Orderings.BY_PRIORITY.thenComparing(Orderings.BY_COST).thenComparing(Orderings.BY_NAME))
                .toList();
    }
}
