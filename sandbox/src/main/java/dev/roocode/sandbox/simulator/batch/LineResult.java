package dev.roocode.sandbox.simulator.batch;

/**
 * What became of one line of a simulated batch.
 *
 * @param customId the line's id
 * @param outcome  how it ended
 * @param status   the HTTP status of its answer ({@link Outcome#SUCCEEDED}, {@link Outcome#ERRORED}); 0 otherwise
 * @param body     the answer's body, or null for expired and cancelled lines
 */
public record LineResult(String customId, Outcome outcome, int status, byte[] body) {

    /** How a line ended. */
    public enum Outcome {
        /** Answered 2xx. */
        SUCCEEDED,
        /** Answered with an error status: the model's fault, a bad body or a simulated partial failure. */
        ERRORED,
        /** Still open when its batch expired. */
        EXPIRED,
        /** Still open when its batch was cancelled. */
        CANCELLED
    }
}
