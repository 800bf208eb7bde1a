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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Changes to a provider's state, summed: dispatches (backlog up by {@code dispatched} jobs of
 * {@code estimatedTokens} in all) and finished attempts (backlog down by {@code finished}; their
 * tokens, how many the provider failed, and the sum and count of their latencies). One event is a
 * sum of one; a task sums its events per provider between flushes (see
 * {@link dev.roocode.processor.topology.DeltaBuffer}). Internal to the provider-deltas repartition
 * topic, in a fixed 56-byte encoding; the 34-byte encoding of single events from before still
 * decodes. {@code provider} is carried by the record key and is not encoded.
 */
public record ProviderDelta(String provider, long dispatched, long estimatedTokens, long finished, long failed, long tokens,
                            long latencySumMs, long latencyCount) {
    static final int SIZE = 7 * 8;
    /**
     * The encoding of one event, before sums: dispatched flag, estimatedTokens, failed flag, tokens, latencyMs, then
     * 8 zero bytes (the buffer it was written in was 8 bytes too long).
     */
    static final int SINGLE_EVENT_SIZE = 1 + 8 + 1 + 8 + 8 + 8;
    /** Failures that say nothing about the provider's health: the request itself was refused. */
    private static final Set<ErrorClass> REQUEST_ERRORS = EnumSet.of(ErrorClass.BAD_REQUEST, ErrorClass.CONTEXT_LENGTH,
            ErrorClass.CONTENT_POLICY, ErrorClass.INVALID_JOB);

    /** One dispatch of a job estimated at {@code estimatedTokens}. */
    public static ProviderDelta dispatch(String provider, long estimatedTokens) {
        return new ProviderDelta(provider, 1, estimatedTokens, 0, 0, 0, 0, 0);
    }

    /** One finished attempt; a latency of 0 is unknown and does not count. */
    public static ProviderDelta finish(String provider, boolean failed, long tokens, long latencyMs) {
        return new ProviderDelta(provider, 0, 0, 1, failed ? 1 : 0, tokens, Math.max(0, latencyMs), latencyMs > 0 ? 1 : 0);
    }

    /** The delta an output record of the processor makes: dispatches and usage events count, the rest do not. */
    public static Optional<ProviderDelta> of(SpecificRecord value) {
        if (value instanceof DispatchedJob dispatched) {
            long tokens = dispatched.getAssignment().getEstimatedInputTokens() + TokenEstimator.outputTokens(dispatched.getJob());
            return Optional.of(dispatch(dispatched.getAssignment().getProvider(), tokens));
        }
        if (value instanceof UsageEvent usage) {
            boolean failed = usage.getErrorClass() != null && !REQUEST_ERRORS.contains(usage.getErrorClass());
            return Optional.of(finish(usage.getProvider(), failed, usage.getInputTokens() + usage.getOutputTokens(), usage.getLatencyMs()));
        }
        return Optional.empty();
    }

    /** This and {@code other} summed (the provider of this one). */
    public ProviderDelta plus(ProviderDelta other) {
        return new ProviderDelta(provider != null ? provider : other.provider, dispatched + other.dispatched,
                estimatedTokens + other.estimatedTokens, finished + other.finished, failed + other.failed, tokens + other.tokens,
                latencySumMs + other.latencySumMs, latencyCount + other.latencyCount);
    }

    /** The value serde of the repartition topic and of the buffer's store (the key carries the provider name). */
    public static Serde<ProviderDelta> serde() {
        return Serdes.serdeFrom(
                (topic, d) -> d == null ? null : ByteBuffer.allocate(SIZE).putLong(d.dispatched).putLong(d.estimatedTokens)
                        .putLong(d.finished).putLong(d.failed).putLong(d.tokens).putLong(d.latencySumMs).putLong(d.latencyCount).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    if (bytes.length == SINGLE_EVENT_SIZE) { // left on the topic by a processor from before sums
                        boolean dispatched = b.get() == 1;
                        long estimatedTokens = b.getLong();
                        boolean failed = b.get() == 1;
                        long tokens = b.getLong();
                        long latencyMs = b.getLong();
                        return dispatched ? dispatch(null, estimatedTokens) : finish(null, failed, tokens, latencyMs);
                    }
                    if (bytes.length != SIZE) {
                        throw new SerializationException("a provider delta is " + SIZE + " or " + SINGLE_EVENT_SIZE + " bytes, not " + bytes.length);
                    }
                    return new ProviderDelta(null, b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
                });
    }
}
