package dev.roocode.processor.finalizer;

import dev.roocode.processor.topology.RoocodeTopology;
import dev.roocode.schemas.avro.BatchStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds per-Result deltas (already repartitioned by batchId) into the running BatchStatus of each
 * batch and forwards the new total to the compacted batches topic.
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
                .build();
    }
}
