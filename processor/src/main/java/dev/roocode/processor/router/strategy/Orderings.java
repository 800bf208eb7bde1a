package dev.roocode.processor.router.strategy;

import dev.roocode.processor.router.Candidate;
import java.util.Comparator;

/** Tie-breakers shared by the strategies, so every instance orders equal candidates alike. */
final class Orderings {
    static final Comparator<Candidate> BY_COST = Comparator.comparingDouble(Candidate::estimatedCostUsd);
    static final Comparator<Candidate> BY_NAME = Comparator.comparing(Candidate::name);
    static final Comparator<Candidate> BY_PRIORITY = Comparator.comparingInt(Candidate::priority);

    private Orderings() {}
}
