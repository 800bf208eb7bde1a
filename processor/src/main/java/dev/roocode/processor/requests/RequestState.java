package dev.roocode.processor.requests;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the processor knows of one requestId: dispatched as {@code attempt} and waiting
 * ({@code done == false}), or finished with its Result written ({@code done == true});
 * {@code updatedAt} drives the purge after {@code dedup.retention.ms}. The attempt number lets the
 * finalizer drop a repeated AttemptFailed of an attempt already re-routed.
 */
public record RequestState(boolean done, int attempt, long updatedAt) {

    /**
     * Accepted and waiting in the router for cheaper room (the deferred-jobs store holds the job):
     * attempt 0, so a duplicate submission is dropped and no attempt report can match it.
     */
    public static RequestState parked(long now) {
        return new RequestState(false, 0, now);
    }

    public static RequestState dispatched(int attempt, long now) {
        return new RequestState(false, attempt, now);
    }

    public RequestState finished(long now) {
        return new RequestState(true, attempt, now);
    }

    /** A fixed 13-byte encoding: flag, attempt, timestamp. Internal to the changelog. */
    public static Serde<RequestState> serde() {
        return Serdes.serdeFrom(
                (topic, state) -> state == null
                        ? null
                        : ByteBuffer.allocate(13)
                                .put((byte) (state.done ? 1 : 0))
                                .putInt(state.attempt)
                                .putLong(state.updatedAt)
                                .array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new RequestState(buffer.get() == 1, buffer.getInt(), buffer.getLong());
                });
    }
}
