package dev.roocode.processor.router.strategy;

import dev.roocode.processor.router.Candidate;
import java.util.List;

/**
 * EXPLICIT: the provider the job names. The candidate filter has already kept only that one; when a
 * policy says EXPLICIT without a job naming anyone, its candidates are taken in priority order.
 */
public final class ExplicitStrategy implements RouteStrategy {
    private final PriorityStrategy byPriority = new PriorityStrategy();

    @Override
    public List<Candidate> rank(List<Candidate> candidates, RankingInput input) {
        return byPriority.rank(candidates, input);
    }
}
