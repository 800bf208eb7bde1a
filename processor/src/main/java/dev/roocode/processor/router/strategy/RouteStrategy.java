package dev.roocode.processor.router.strategy;

import dev.roocode.processor.router.Candidate;
import java.util.List;

/** Orders the candidates of a job, best first; the router takes the first. Implementations are pure and deterministic. */
public interface RouteStrategy {

    /** {@code candidates} ordered best first (a new list; the input is not changed). */
    List<Candidate> rank(List<Candidate> candidates, RankingInput input);
}
