package dev.roocode.processor.finalizer;

import dev.roocode.processor.topology.RoocodeTopology;
import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds per-Result deltas (already repartitioned by batchId) into the running BatchStatus of each
 * batch and forwards the new total to the compacted batches topic. The batch's job count
 * ({@code total}) comes from the {@value BatchLineCodec#METADATA_BATCH_SIZE} metadata key that the
 * submitter puts on every job and the Result echoes, so any machine can show progress and an ETA.
 */
public final class BatchAccountant implements Processor<String, BatchStatus, String, BatchStatus> {
    private ProcessorContext<String, BatchStatus> context;

    /** batchId → BatchStatus totals; written here on every Result of the batch; kept while the batch is (compaction keeps the topic's copy). */
    private KeyValueStore<String, BatchStatus> batches;

    @Override
    public void init(ProcessorContext<String, BatchStatus> context) {
        this.context = context;
        this.batches = context.getStateStore(RoocodeTopology.BATCHES_STORE);
    }

    @Override
    public void process(Record<String, BatchStatus> delta) {
        BatchStatus total = batches.get(delta.key());
        BatchStatus.Builder next = total == null ? BatchStatus.newBuilder(delta.value()) : BatchStatus.newBuilder(total)
                .setSucceeded(total.getSucceeded() + delta.value().getSucceeded())
                .setFailed(total.getFailed() + delta.value().getFailed())
                .setInputTokens(total.getInputTokens() + delta.value().getInputTokens())
                .setOutputTokens(total.getOutputTokens() + delta.value().getOutputTokens())
                .setCostUsd(total.getCostUsd() + delta.value().getCostUsd())
                .setTotal(delta.value().getTotal() != null ? delta.value().getTotal() : total.getTotal())
                .setUpdatedAt(delta.value().getUpdatedAt());
        BatchStatus updated = next.build();
        batches.put(delta.key(), updated);
        context.forward(delta.withValue(updated));
    }

    /** The delta one Result adds to its batch. */
    public static BatchStatus deltaOf(dev.roocode.schemas.avro.Result result) {
        boolean ok = result.getStatus() == dev.roocode.schemas.avro.ResultStatus.SUCCEEDED;
        var usage = result.getOutput() == null ? null : result.getOutput().getUsage();
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
                .build();
    }

    /** The submitter's job count of the batch; null when absent or not a non-negative number (metadata is the caller's). */
    static Long batchSize(Map<String, String> metadata) {
        String size = metadata == null ? null : metadata.get(BatchLineCodec.METADATA_BATCH_SIZE);
        if (size == null) {
            return null;
        }
        try {
            long value = Long.parseLong(size.trim());
            return value >= 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
