package dev.roocode.sandbox.simulator.batch;

/**
 * Where a simulated batch is, in OpenAI's lifecycle words; each wire format maps them to its provider's
 * (Anthropic's {@code in_progress}/{@code canceling}/{@code ended}, Gemini's {@code BATCH_STATE_*}).
 */
public enum BatchState {
    /** Just created: only the creation answer says so, the next read says {@link #IN_PROGRESS}. */
    VALIDATING,
    IN_PROGRESS,
    COMPLETED,
    /** Refused whole at creation (a bad line); no line runs. */
    FAILED,
    EXPIRED,
    CANCELLING,
    CANCELLED;

    /** Whether no more lines will be answered, so the results are final. */
    public boolean ended() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }
}
