package dev.roocode.processor.router;

import java.util.List;

/** The outcome of filtering: who may serve a job, and why every other provider may not. */
public record Candidates(List<Candidate> eligible, List<Exclusion> excluded) {
    public Candidates {
        eligible = List.copyOf(eligible);
        excluded = List.copyOf(excluded);
    }
}
