package dev.roocode.processor.state;

import dev.roocode.processor.router.TokenEstimator;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.UsageEvent;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One change to a provider's state: a dispatch (backlog up by one job of {@code estimatedTokens})
 * or a finished attempt (backlog down; its tokens, latency and whether the provider failed it).
 * Internal to the provider-deltas repartition topic, in a fixed 33-byte encoding.
 */
public record ProviderDelta(String provider, boolean dispatched, long estimatedTokens, boolean failed, long tokens, long latencyMs) {
    private static final int SIZE = 1 + 8 + 1 + 8 + 8 + 8;
    /** Failures that say nothing about the provider's health: the request itself was refused. */
    private static final Set<ErrorClass> REQUEST_ERRORS = EnumSet.of(ErrorClass.BAD_REQUEST, ErrorClass.CONTEXT_LENGTH,
            ErrorClass.CONTENT_POLICY, ErrorClass.INVALID_JOB);

    /** The delta an output record of the processor makes: dispatches and usage events count, the rest do not. */
    public static Optional<ProviderDelta> of(SpecificRecord value) {
        if (value instanceof DispatchedJob dispatched) {
            long tokens = dispatched.getAssignment().getEstimatedInputTokens() + TokenEstimator.outputTokens(dispatched.getJob());
            return Optional.of(new ProviderDelta(dispatched.getAssignment().getProvider(), true, tokens, false, 0, 0));
        }
        if (value instanceof UsageEvent usage) {
            boolean failed = usage.getErrorClass() != null && !REQUEST_ERRORS.contains(usage.getErrorClass());
            return Optional.of(new ProviderDelta(usage.getProvider(), false, 0, failed, usage.getInputTokens() + usage.getOutputTokens(),
                    usage.getLatencyMs()));
        }
        return Optional.empty();
    }

    /** The value serde of the repartition topic (the key carries the provider name). */
    public static Serde<ProviderDelta> serde() {
        return Serdes.serdeFrom(
                (topic, d) -> d == null ? null : ByteBuffer.allocate(SIZE).put((byte) (d.dispatched ? 1 : 0)).putLong(d.estimatedTokens)
                        .put((byte) (d.failed ? 1 : 0)).putLong(d.tokens).putLong(d.latencyMs).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    return new ProviderDelta(null, b.get() == 1, b.getLong(), b.get() == 1, b.getLong(), b.getLong());
                });
    }
}
