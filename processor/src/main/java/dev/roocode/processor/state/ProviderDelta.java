package dev.roocode.processor.state;

import dev.roocode.processor.router.TokenCalibration;
import dev.roocode.processor.router.TokenCalibration.Sample;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.UsageEvent;
import dev.roocode.schemas.tokens.JobTokens;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
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
 * {@link dev.roocode.processor.topology.DeltaBuffer}). {@code prompts} sums, per provider model, the
 * successful attempts whose prompt estimate and reported prompt tokens calibrate the router's token
 * estimate ({@link TokenCalibration}). Internal to the provider-deltas repartition topic: 56 fixed
 * bytes, then, when there are prompt samples, their count and per model its UTF-8 name (length-prefixed)
 * and three longs; the 56-byte encoding without samples and the 34-byte encoding of single events from
 * before still decode. {@code provider} is carried by the record key and is not encoded.
 */
public record ProviderDelta(
        String provider,
        long dispatched,
        long estimatedTokens,
        long finished,
        long failed,
        long tokens,
        long latencySumMs,
        long latencyCount,
        Map<String, Sample> prompts) {
    static final int SIZE = 7 * 8;
    /**
     * The encoding of one event, before sums: dispatched flag, estimatedTokens, failed flag, tokens, latencyMs, then
     * 8 zero bytes (the buffer it was written in was 8 bytes too long).
     */
    static final int SINGLE_EVENT_SIZE = 1 + 8 + 1 + 8 + 8 + 8;
    /**
     * Failures that say nothing about the provider's health: the request itself was refused, or the job was
     * never called (its batch cancelled, or drained NO_ROUTE from a removed or deactivated provider's queue).
     */
    private static final Set<ErrorClass> REQUEST_ERRORS = EnumSet.of(
            ErrorClass.BAD_REQUEST,
            ErrorClass.CONTEXT_LENGTH,
            ErrorClass.CONTENT_POLICY,
            ErrorClass.INVALID_JOB,
            ErrorClass.CANCELLED,
            ErrorClass.NO_ROUTE);

    public ProviderDelta {
        prompts = prompts == null ? Map.of() : Map.copyOf(prompts);
    }

    /** A delta without prompt samples. */
    public ProviderDelta(
            String provider,
            long dispatched,
            long estimatedTokens,
            long finished,
            long failed,
            long tokens,
            long latencySumMs,
            long latencyCount) {
        this(provider, dispatched, estimatedTokens, finished, failed, tokens, latencySumMs, latencyCount, Map.of());
    }

    /** One dispatch of a job estimated at {@code estimatedTokens}. */
    public static ProviderDelta dispatch(String provider, long estimatedTokens) {
        return new ProviderDelta(provider, 1, estimatedTokens, 0, 0, 0, 0, 0);
    }

    /** One finished attempt; a latency of 0 is unknown and does not count. */
    public static ProviderDelta finish(String provider, boolean failed, long tokens, long latencyMs) {
        return new ProviderDelta(
                provider, 0, 0, 1, failed ? 1 : 0, tokens, Math.max(0, latencyMs), latencyMs > 0 ? 1 : 0);
    }

    /** The delta an output record of the processor makes: dispatches and usage events count, the rest do not. */
    public static Optional<ProviderDelta> of(SpecificRecord value) {
        if (value instanceof DispatchedJob dispatched) {
            long tokens =
                    dispatched.getAssignment().getEstimatedInputTokens() + JobTokens.outputTokens(dispatched.getJob());
            return Optional.of(dispatch(dispatched.getAssignment().getProvider(), tokens));
        }
        if (value instanceof UsageEvent usage) {
            boolean failed = usage.getErrorClass() != null && !REQUEST_ERRORS.contains(usage.getErrorClass());
            ProviderDelta finish = finish(
                    usage.getProvider(),
                    failed,
                    usage.getInputTokens() + usage.getOutputTokens(),
                    usage.getLatencyMs());
            Long estimated = usage.getEstimatedInputTokens();
            if (usage.getSucceeded()
                    && usage.getProviderModel() != null
                    && estimated != null
                    && TokenCalibration.observable(estimated, usage.getInputTokens())) {
                finish = finish.withPrompts(
                        Map.of(usage.getProviderModel(), Sample.of(estimated, usage.getInputTokens())));
            }
            return Optional.of(finish);
        }
        return Optional.empty();
    }

    /** This delta with {@code samples} as its prompt samples. */
    public ProviderDelta withPrompts(Map<String, Sample> samples) {
        return new ProviderDelta(
                provider, dispatched, estimatedTokens, finished, failed, tokens, latencySumMs, latencyCount, samples);
    }

    /** This and {@code other} summed (the provider of this one). */
    public ProviderDelta plus(ProviderDelta other) {
        Map<String, Sample> summed = prompts;
        if (!other.prompts.isEmpty()) {
            Map<String, Sample> both = new HashMap<>(prompts);
            other.prompts.forEach((model, sample) -> both.merge(model, sample, Sample::plus));
            summed = both;
        }
        return new ProviderDelta(
                provider != null ? provider : other.provider,
                dispatched + other.dispatched,
                estimatedTokens + other.estimatedTokens,
                finished + other.finished,
                failed + other.failed,
                tokens + other.tokens,
                latencySumMs + other.latencySumMs,
                latencyCount + other.latencyCount,
                summed);
    }

    /** The value serde of the repartition topic and of the buffer's store (the key carries the provider name). */
    public static Serde<ProviderDelta> serde() {
        return Serdes.serdeFrom((topic, d) -> d == null ? null : encode(d), (topic, bytes) -> {
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
            if (bytes.length < SIZE) {
                throw new SerializationException("a provider delta is " + SINGLE_EVENT_SIZE + " or at least " + SIZE
                        + " bytes, not " + bytes.length);
            }
            ProviderDelta fixed = new ProviderDelta(
                    null, b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
            return bytes.length == SIZE ? fixed : fixed.withPrompts(decodePrompts(b));
        });
    }

    private static byte[] encode(ProviderDelta d) {
        int size = SIZE;
        Map<String, byte[]> names = new HashMap<>();
        if (!d.prompts.isEmpty()) {
            size += Integer.BYTES;
            for (String model : d.prompts.keySet()) {
                byte[] name = model.getBytes(StandardCharsets.UTF_8);
                names.put(model, name);
                size += Integer.BYTES + name.length + 3 * Long.BYTES;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size)
                .putLong(d.dispatched)
                .putLong(d.estimatedTokens)
                .putLong(d.finished)
                .putLong(d.failed)
                .putLong(d.tokens)
                .putLong(d.latencySumMs)
                .putLong(d.latencyCount);
        if (!d.prompts.isEmpty()) {
            b.putInt(d.prompts.size());
            d.prompts.forEach((model, sample) -> b.putInt(names.get(model).length)
                    .put(names.get(model))
                    .putLong(sample.estimated())
                    .putLong(sample.actual())
                    .putLong(sample.count()));
        }
        return b.array();
    }

    private static Map<String, Sample> decodePrompts(ByteBuffer b) {
        try {
            int count = b.getInt();
            Map<String, Sample> prompts = new HashMap<>();
            for (int i = 0; i < count; i++) {
                int length = b.getInt();
                if (length < 0 || length > b.remaining()) {
                    throw new SerializationException(
                            "provider delta: a prompt sample's model name of " + length + " bytes");
                }
                byte[] name = new byte[length];
                b.get(name);
                prompts.put(
                        new String(name, StandardCharsets.UTF_8), new Sample(b.getLong(), b.getLong(), b.getLong()));
            }
            return prompts;
        } catch (BufferUnderflowException e) {
            throw new SerializationException("provider delta: prompt samples cut off", e);
        }
    }
}
