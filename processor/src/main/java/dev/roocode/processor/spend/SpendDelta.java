package dev.roocode.processor.spend;

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
 * One change to a batch's or tenant's spend: an attempt dispatched at an estimated cost, or an
 * attempt finished at its actual cost, at {@code atMs} (epoch ms: the timestamp of the record that
 * made it; 0 when unknown). It carries its own time because the spend aggregation, which stamps
 * the total's {@code updatedAt}, does not see record timestamps. Internal to the spend-deltas
 * repartition topic (fixed 41-byte encoding; the key is the spend scope); the 33-byte encoding
 * from before {@code atMs} still decodes, with {@code atMs} 0.
 */
public record SpendDelta(boolean dispatched, double estimatedUsd, double costUsd, long inputTokens, long outputTokens, long atMs) {
    /** The encoding before {@code atMs}: flag, estimatedUsd, costUsd, inputTokens, outputTokens. */
    static final int SIZE_WITHOUT_TIME = 1 + 8 + 8 + 8 + 8;
    static final int SIZE = SIZE_WITHOUT_TIME + 8;

    /** The key of a batch's spend. */
    public static String batchKey(String batchId) {
        return "batch:" + batchId;
    }

    /** The key of a tenant's spend. */
    public static String tenantKey(String tenant) {
        return "tenant:" + tenant;
    }

    /**
     * The (scope, delta) pairs an output record of the processor makes, written at {@code atMs}: one per
     * batch and tenant of a dispatch or usage event.
     */
    public static List<Scoped> of(SpecificRecord value, long atMs) {
        if (value instanceof DispatchedJob dispatched) {
            return scoped(dispatched.getJob().getBatchId(), dispatched.getJob().getTenant(),
                    new SpendDelta(true, dispatched.getAssignment().getEstimatedCostUsd(), 0, 0, 0, atMs));
        }
        if (value instanceof UsageEvent usage) {
            return scoped(usage.getBatchId(), usage.getTenant(),
                    new SpendDelta(false, 0, usage.getCostUsd(), usage.getInputTokens(), usage.getOutputTokens(), atMs));
        }
        return List.of();
    }

    /** The keys {@code job}'s spend counts under. */
    public static List<String> keysOf(Job job) {
        return scoped(job.getBatchId(), job.getTenant(), null).stream().map(Scoped::scope).toList();
    }

    private static List<Scoped> scoped(String batchId, String tenant, SpendDelta delta) {
        List<Scoped> pairs = new ArrayList<>(2);
        if (batchId != null) {
            pairs.add(new Scoped(batchKey(batchId), delta));
        }
        if (tenant != null) {
            pairs.add(new Scoped(tenantKey(tenant), delta));
        }
        return pairs;
    }

    /** A delta with the scope it counts under. */
    public record Scoped(String scope, SpendDelta delta) {}

    /**
     * The value serde of the repartition topic. Reads both encodings, so deltas an older processor left
     * on the topic are still counted after an upgrade (with an unknown time).
     */
    public static Serde<SpendDelta> serde() {
        return Serdes.serdeFrom(
                (topic, d) -> d == null ? null : ByteBuffer.allocate(SIZE).put((byte) (d.dispatched ? 1 : 0)).putDouble(d.estimatedUsd)
                        .putDouble(d.costUsd).putLong(d.inputTokens).putLong(d.outputTokens).putLong(d.atMs).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    if (bytes.length != SIZE && bytes.length != SIZE_WITHOUT_TIME) {
                        throw new SerializationException("a spend delta is " + SIZE + " or " + SIZE_WITHOUT_TIME + " bytes, not " + bytes.length);
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    return new SpendDelta(b.get() == 1, b.getDouble(), b.getDouble(), b.getLong(), b.getLong(),
                            bytes.length == SIZE ? b.getLong() : 0);
                });
    }
}
