package dev.roocode.connectors.batch;

import java.time.Instant;

/**
 * A provider batch's state, in OpenAI's lifecycle words (other providers' states are mapped onto them).
 *
 * @param state     where it is
 * @param expiresAt when the provider gives up on its open lines, or null when it does not say
 * @param completed lines answered successfully so far, or -1 when unknown
 * @param failed    lines failed so far, or -1 when unknown
 */
public record ProviderBatchStatus(State state, Instant expiresAt, long completed, long failed) {
    public enum State {
        VALIDATING,
        IN_PROGRESS,
        FINALIZING,
        COMPLETED,
        FAILED,
        EXPIRED,
        CANCELLING,
        CANCELLED;

        /** Whether the provider will answer no more lines of the batch (its results can be read). */
        public boolean ended() {
            return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
        }
    }
}
