package dev.roocode.processor.spend;

import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.UsageEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One change to a batch's or tenant's spend: an attempt dispatched at an estimated cost, or an
 * attempt finished at its actual cost. Internal to the spend-deltas repartition topic (fixed
 * 33-byte encoding; the key is the spend scope).
 */
public record SpendDelta(boolean dispatched, double estimatedUsd, double costUsd, long inputTokens, long outputTokens) {
    private static final int SIZE = 1 + 8 + 8 + 8 + 8;

    /** The key of a batch's spend. */
    public static String batchKey(String batchId) {
        return "batch:" + batchId;
    }

    /** The key of a tenant's spend. */
    public static String tenantKey(String tenant) {
        return "tenant:" + tenant;
    }

    /** The (scope, delta) pairs an output record of the processor makes: one per batch and tenant of a dispatch or usage event. */
    public static List<Scoped> of(SpecificRecord value) {
        if (value instanceof DispatchedJob dispatched) {
            return scoped(dispatched.getJob().getBatchId(), dispatched.getJob().getTenant(),
                    new SpendDelta(true, dispatched.getAssignment().getEstimatedCostUsd(), 0, 0, 0));
        }
        if (value instanceof UsageEvent usage) {
            return scoped(usage.getBatchId(), usage.getTenant(),
                    new SpendDelta(false, 0, usage.getCostUsd(), usage.getInputTokens(), usage.getOutputTokens()));
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

    /** The value serde of the repartition topic. */
    public static Serde<SpendDelta> serde() {
        return Serdes.serdeFrom(
                (topic, d) -> d == null ? null : ByteBuffer.allocate(SIZE).put((byte) (d.dispatched ? 1 : 0)).putDouble(d.estimatedUsd)
                        .putDouble(d.costUsd).putLong(d.inputTokens).putLong(d.outputTokens).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    return new SpendDelta(b.get() == 1, b.getDouble(), b.getDouble(), b.getLong(), b.getLong());
                });
    }
}
