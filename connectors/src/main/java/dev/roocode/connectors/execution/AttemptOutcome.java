package dev.roocode.connectors.execution;

import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.DispatchedJob;

/** The result of one attempt: an {@link AttemptSucceeded} for outcomes or an {@link AttemptFailed} for fallback. */
public sealed interface AttemptOutcome {

    /** The job the attempt was for. */
    DispatchedJob dispatched();

    /** The job's requestId, the key of the outcome record. */
    default String requestId() {
        return dispatched().getJob().getRequestId();
    }

    /** A provider answer. */
    record Succeeded(AttemptSucceeded value) implements AttemptOutcome {
        @Override
        public DispatchedJob dispatched() {
            return value.getDispatched();
        }
    }

    /** A failure after in-worker retries, or a non-retryable one. */
    record Failed(AttemptFailed value) implements AttemptOutcome {
        @Override
        public DispatchedJob dispatched() {
            return value.getDispatched();
        }
    }
}
