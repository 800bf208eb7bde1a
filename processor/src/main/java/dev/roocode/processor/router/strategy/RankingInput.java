package dev.roocode.processor.router.strategy;

import java.time.Instant;

/**
 * What a strategy may consider besides the candidates themselves.
 *
 * @param requestId the job's requestId (WEIGHTED hashes it, so a job sticks to its provider)
 * @param jobTokens prompt plus output tokens of the job
 * @param deadline  when a Result is wanted, or null
 * @param now       the time of the decision
 */
public record RankingInput(String requestId, long jobTokens, Instant deadline, Instant now) {}
