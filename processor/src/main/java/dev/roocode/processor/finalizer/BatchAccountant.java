package dev.roocode.processor.finalizer;

import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.batch.BatchLineCodec;
import dev.roocode.schemas.batch.BatchOutputWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Batch progress arithmetic, pure: the delta one Result adds to its batch ({@link #deltaOf}) and the
 * running BatchStatus after a delta ({@link #add}). The topology aggregates the deltas (repartitioned
 * by batchId) with {@link #add} into {@code batches-store} and publishes each batch's total on the
 * compacted batches topic once per commit (the store's record cache collapses the deltas between).
 * The batch's job count ({@code total}) comes from the {@value BatchLineCodec#METADATA_BATCH_SIZE}
 * metadata key that the submitter puts on every job and the Result echoes, so any machine can show
 * progress and an ETA. {@code byProvider} counts finished jobs per provider that served them (the
 * provider an output line names in {@code roocode.served_by}); a delta carries its Result's provider
 * as a one-entry map, so the repartition and aggregation carry it with no change to the topology.
 */
public final class BatchAccountant {
    private BatchAccountant() {}

    /** {@code total} (null for a batch not seen yet: the delta is the first total) after {@code delta}. */
    public static BatchStatus add(BatchStatus total, BatchStatus delta) {
        if (total == null) {
            return BatchStatus.newBuilder(delta).build();
        }
        return BatchStatus.newBuilder(total)
                .setSucceeded(total.getSucceeded() + delta.getSucceeded())
                .setFailed(total.getFailed() + delta.getFailed())
                .setInputTokens(total.getInputTokens() + delta.getInputTokens())
                .setOutputTokens(total.getOutputTokens() + delta.getOutputTokens())
                .setCostUsd(total.getCostUsd() + delta.getCostUsd())
                .setTotal(delta.getTotal() != null ? delta.getTotal() : total.getTotal())
                .setByProvider(merged(total.getByProvider(), delta.getByProvider()))
                .setUpdatedAt(delta.getUpdatedAt())
                .build();
    }

    /** The delta one Result adds to its batch. */
    public static BatchStatus deltaOf(dev.roocode.schemas.avro.Result result) {
        boolean ok = result.getStatus() == dev.roocode.schemas.avro.ResultStatus.SUCCEEDED;
        var usage = result.getOutput() == null ? null : result.getOutput().getUsage();
        String provider = BatchOutputWriter.servedOf(result).servedBy();
        return BatchStatus.newBuilder()
                .setBatchId(result.getBatchId())
                .setSucceeded(ok ? 1 : 0)
                .setFailed(ok ? 0 : 1)
                .setInputTokens(usage == null ? 0 : usage.getInputTokens())
                .setOutputTokens(usage == null ? 0 : usage.getOutputTokens())
                .setCostUsd(result.getCostUsd())
                .setFirstResultAt(result.getCompletedAt())
                .setUpdatedAt(result.getCompletedAt())
                .setTotal(batchSize(result.getMetadata()))
                .setByProvider(provider == null ? Map.of() : Map.of(provider, 1L))
                .build();
    }

    private static Map<String, Long> merged(Map<String, Long> total, Map<String, Long> delta) {
        if (delta.isEmpty()) {
            return total;
        }
        Map<String, Long> sum = new TreeMap<>(total);
        delta.forEach((provider, count) -> sum.merge(provider, count, Long::sum));
        return sum;
    }

    /** The submitter's job count of the batch; null when absent or not a non-negative number (metadata is the caller's). */
    static Long batchSize(Map<String, String> metadata) {
        return BatchLineCodec.metadataNumber(metadata, BatchLineCodec.METADATA_BATCH_SIZE);
    }
}
