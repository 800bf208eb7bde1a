package dev.roocode.processor.router;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What {@link QuotePlanner} planned: one line per job, in input order, and totals over them. */
public record Quote(List<Line> lines) {
    public Quote {
        lines = List.copyOf(lines);
    }

    /**
     * One job's plan.
     *
     * @param requestId       the job
     * @param decision        its provider and estimates, or why it would be rejected
     * @param estimatedFinish when it should be done, null when rejected
     */
    public record Line(String requestId, RouteDecision decision, Instant estimatedFinish) {}

    /** Estimated cost of every assigned job, in USD. */
    public double totalEstimatedCostUsd() {
        return assigned().stream()
                .mapToDouble(RouteDecision.Assigned::estimatedCostUsd)
                .sum();
    }

    /** Assigned jobs per provider, by provider name. */
    public Map<String, Long> jobsByProvider() {
        Map<String, Long> counts = new TreeMap<>();
        assigned().forEach(a -> counts.merge(a.provider(), 1L, Long::sum));
        return counts;
    }

    /** Assigned jobs that go to a batch candidate ({@code <provider>:batch}). */
    public long batchJobs() {
        return assigned().stream()
                .filter(a -> BatchCandidates.isBatch(a.provider()))
                .count();
    }

    /** The latest estimated finish, or empty when nothing was assigned. */
    public Optional<Instant> lastFinish() {
        return lines.stream().map(Line::estimatedFinish).filter(f -> f != null).max(Instant::compareTo);
    }

    /** Lines whose job would be rejected (NO_ROUTE or BUDGET_EXCEEDED). */
    public List<Line> rejected() {
        return lines.stream()
                .filter(l -> l.decision() instanceof RouteDecision.Rejected)
                .toList();
    }

    private List<RouteDecision.Assigned> assigned() {
        return lines.stream()
                .map(Line::decision)
                .filter(RouteDecision.Assigned.class::isInstance)
                .map(RouteDecision.Assigned.class::cast)
                .toList();
    }
}
