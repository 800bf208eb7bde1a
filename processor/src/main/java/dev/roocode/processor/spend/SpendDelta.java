package dev.roocode.processor.spend;

import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.UsageEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Changes to a batch's or tenant's spend, summed: {@code dispatched} attempts at an estimated
 * {@code estimatedUsd} in all, and {@code finished} attempts at an actual {@code costUsd} and
 * tokens; {@code atMs} is the latest time among them (epoch ms: the timestamp of the record that
 * made each; 0 when unknown). One event is a sum of one; a task sums its events per scope between
 * flushes (see {@link dev.roocode.processor.topology.DeltaBuffer}). It carries its own time because
 * the spend aggregation, which stamps the total's {@code updatedAt}, does not see record timestamps.
 * Internal to the spend-deltas repartition topic (fixed 56-byte encoding; the key is the spend
 * scope); the single-event encodings from before still decode: 41 bytes, and 33 from before
 * {@code atMs} (with {@code atMs} 0).
 */
public record SpendDelta(
        long dispatched,
        double estimatedUsd,
        long finished,
        double costUsd,
        long inputTokens,
        long outputTokens,
        long atMs) {
    /** The single-event encoding before {@code atMs}: dispatched flag, estimatedUsd, costUsd, inputTokens, outputTokens. */
    static final int SIZE_WITHOUT_TIME = 1 + 8 + 8 + 8 + 8;
    /** The single-event encoding with {@code atMs}. */
    static final int SINGLE_EVENT_SIZE = SIZE_WITHOUT_TIME + 8;

    static final int SIZE = 7 * 8;

    /** One attempt dispatched at an estimated {@code estimatedUsd}. */
    public static SpendDelta dispatch(double estimatedUsd, long atMs) {
        return new SpendDelta(1, estimatedUsd, 0, 0, 0, 0, atMs);
    }

    /** One attempt finished at {@code costUsd}. */
    public static SpendDelta finish(double costUsd, long inputTokens, long outputTokens, long atMs) {
        return new SpendDelta(0, 0, 1, costUsd, inputTokens, outputTokens, atMs);
    }

    /** This and {@code other} summed, at the later of their times. */
    public SpendDelta plus(SpendDelta other) {
        return new SpendDelta(
                dispatched + other.dispatched,
                estimatedUsd + other.estimatedUsd,
                finished + other.finished,
                costUsd + other.costUsd,
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                Math.max(atMs, other.atMs));
    }

    /** The key of a batch's spend. */
    public static String batchKey(String batchId) {
        return "batch:" + batchId;
    }

    /** The key of a tenant's spend. */
    public static String tenantKey(String tenant) {
        return "tenant:" + tenant;
    }

    /**
     * The key of a provider's spend (a batch candidate's counts as its provider's). Shown per provider (the console's
     * $ per hour); no budget reads it, and {@link #keysOf} leaves it out, so no reservation is made against it.
     */
    public static String providerKey(String provider) {
        return "provider:" + BatchCandidates.providerOf(provider);
    }

    /**
     * The (scope, delta) pairs an output record of the processor makes, written at {@code atMs}: one per
     * batch, tenant and provider of a dispatch or usage event.
     */
    public static List<Scoped> of(SpecificRecord value, long atMs) {
        if (value instanceof DispatchedJob dispatched) {
            return withProvider(
                    dispatched.getJob().getBatchId(),
                    dispatched.getJob().getTenant(),
                    dispatched.getAssignment().getProvider(),
                    dispatch(dispatched.getAssignment().getEstimatedCostUsd(), atMs));
        }
        if (value instanceof UsageEvent usage) {
            return withProvider(
                    usage.getBatchId(),
                    usage.getTenant(),
                    usage.getProvider(),
                    finish(usage.getCostUsd(), usage.getInputTokens(), usage.getOutputTokens(), atMs));
        }
        return List.of();
    }

    private static List<Scoped> withProvider(String batchId, String tenant, String provider, SpendDelta delta) {
        List<Scoped> pairs = scoped(batchId, tenant, delta);
        if (provider != null) {
            pairs.add(new Scoped(providerKey(provider), delta));
        }
        return pairs;
    }

    /** The keys {@code job}'s spend counts under. */
    public static List<String> keysOf(Job job) {
        return keys(job.getBatchId(), job.getTenant());
    }

    /** The batch and tenant scope keys, in that order; the same list for reservations and for deltas. */
    private static List<String> keys(String batchId, String tenant) {
        if (batchId == null && tenant == null) {
            return List.of(); // most jobs, on every dispatch: no list to build
        }
        List<String> keys = new ArrayList<>(2);
        if (batchId != null) {
            keys.add(batchKey(batchId));
        }
        if (tenant != null) {
            keys.add(tenantKey(tenant));
        }
        return keys;
    }

    private static List<Scoped> scoped(String batchId, String tenant, SpendDelta delta) {
        List<Scoped> pairs = new ArrayList<>(3); // room for the provider's, which withProvider adds
        for (String key : keys(batchId, tenant)) {
            pairs.add(new Scoped(key, delta));
        }
        return pairs;
    }

    /** A delta with the scope it counts under. */
    public record Scoped(String scope, SpendDelta delta) {}

    /**
     * The value serde of the repartition topic and of the buffer's store. Reads the single-event encodings
     * too, so deltas an older processor left on the topic are still counted after an upgrade.
     */
    public static Serde<SpendDelta> serde() {
        return Serdes.serdeFrom(
                (topic, d) -> d == null
                        ? null
                        : ByteBuffer.allocate(SIZE)
                                .putLong(d.dispatched)
                                .putDouble(d.estimatedUsd)
                                .putLong(d.finished)
                                .putDouble(d.costUsd)
                                .putLong(d.inputTokens)
                                .putLong(d.outputTokens)
                                .putLong(d.atMs)
                                .array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    if (bytes.length == SIZE) {
                        return new SpendDelta(
                                b.getLong(),
                                b.getDouble(),
                                b.getLong(),
                                b.getDouble(),
                                b.getLong(),
                                b.getLong(),
                                b.getLong());
                    }
                    if (bytes.length != SINGLE_EVENT_SIZE && bytes.length != SIZE_WITHOUT_TIME) {
                        throw new SerializationException("a spend delta is " + SIZE + ", " + SINGLE_EVENT_SIZE + " or "
                                + SIZE_WITHOUT_TIME + " bytes, not " + bytes.length);
                    }
                    boolean dispatched = b.get() == 1;
                    double estimatedUsd = b.getDouble();
                    double costUsd = b.getDouble();
                    long inputTokens = b.getLong();
                    long outputTokens = b.getLong();
                    long atMs = bytes.length == SINGLE_EVENT_SIZE ? b.getLong() : 0;
                    return dispatched ? dispatch(estimatedUsd, atMs) : finish(costUsd, inputTokens, outputTokens, atMs);
                });
    }
}
