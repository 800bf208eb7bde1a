package dev.roocode.connectors.execution;

import dev.roocode.core.tokens.TokenEstimator;
import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.Usage;
import dev.roocode.schemas.tokens.JobTokens;

/**
 * The tokens a call reserves against the TPM budget before it starts: the prompt as core's
 * {@link TokenEstimator} counts it (the same count the router made, so
 * routing and pacing agree) plus {@code max_tokens}, which providers such as OpenAI count against
 * the limit at request time. The answer's usage then replaces the estimate ({@link Pacer#reconcile}).
 * This class only adds what pacing needs on top: the router's count when the assignment carries
 * it, and the actual usage of an answer.
 */
public final class TokenReservation {
    /** The output reserved when a chat job sets no max_tokens. */
    static final int DEFAULT_MAX_TOKENS = TokenEstimator.DEFAULT_OUTPUT_TOKENS;

    private TokenReservation() {}

    /** A job's prompt tokens (by this tokenizer) and the output it may produce. */
    public record Estimate(long prompt, long output) {
        public long total() {
            return prompt + output;
        }
    }

    /** The tokens {@code job} is expected to use: prompt plus output cap. */
    public static long estimate(Job job) {
        return estimateOf(job).total();
    }

    /**
     * {@link #estimateOf(Job)}, with the prompt tokens the router already counted for the assignment
     * when it did (same tokenizer, and OpenAI's full chat framing), so the hot path counts nothing twice.
     */
    public static Estimate estimateOf(DispatchedJob dispatched) {
        Job job = dispatched.getJob();
        Assignment assignment = dispatched.getAssignment();
        if (assignment == null || assignment.getEstimatedInputTokens() <= 0) {
            return estimateOf(job);
        }
        return new Estimate(assignment.getEstimatedInputTokens(), outputCap(job));
    }

    /** The output a chat may produce: its max_tokens, or {@link #DEFAULT_MAX_TOKENS} when it sets none; 0 otherwise. */
    private static long outputCap(Job job) {
        return job.getKind() == JobKind.CHAT && job.getChat() != null ? JobTokens.outputTokens(job) : 0;
    }

    /** {@link #estimate} split into prompt and output. */
    public static Estimate estimateOf(Job job) {
        return switch (job.getKind()) {
            case CHAT ->
                job.getChat() == null ? new Estimate(1, 0) : new Estimate(JobTokens.inputTokens(job), outputCap(job));
            case EMBEDDING -> new Estimate(JobTokens.inputTokens(job), 0);
            default -> new Estimate(1, 0);
        };
    }

    /** The tokens an answer reported, or -1 when it reported none. */
    public static long actual(Usage usage) {
        if (usage == null) {
            return -1;
        }
        if (usage.getTotalTokens() > 0) {
            return usage.getTotalTokens();
        }
        long sum = usage.getInputTokens() + usage.getOutputTokens();
        return sum > 0 ? sum : -1;
    }
}
