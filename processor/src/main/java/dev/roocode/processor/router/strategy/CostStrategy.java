package dev.roocode.processor.router.strategy;

import dev.roocode.processor.router.Candidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * COST (the default): the cheapest candidate whose backlog drains before the job's deadline at its
 * rate limits (backlog tokens / TPM and backlog requests / RPM, plus its typical latency); if none
 * can make the deadline, the one that finishes soonest. Without a deadline every candidate makes
 * it, so this is cheapest first, sooner finish breaking ties.
 */
public final class CostStrategy implements RouteStrategy {
    @Override
    public List<Candidate> rank(List<Candidate> candidates, RankingInput input) {
        Comparator<Candidate> byFinish = Comparator.comparing(c -> c.estimatedFinish(input.jobTokens(), input.now()));
        List<Candidate> inTime = new ArrayList<>();
        List<Candidate> late = new ArrayList<>();
        for (Candidate candidate : candidates) {
            (makesDeadline(candidate, input) ? inTime : late).add(candidate);
        }
        inTime.sort(Orderings.BY_COST.thenComparing(byFinish).thenComparing(Orderings.BY_NAME));
        late.sort(byFinish.thenComparing(Orderings.BY_COST).thenComparing(Orderings.BY_NAME));
        inTime.addAll(late);
        return inTime;
    }

    private static boolean makesDeadline(Candidate candidate, RankingInput input) {
        Instant deadline = input.deadline();
        return deadline == null
                || !candidate.estimatedFinish(input.jobTokens(), input.now()).isAfter(deadline);
    }
}
