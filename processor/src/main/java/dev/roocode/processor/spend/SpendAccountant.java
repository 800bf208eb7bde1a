package dev.roocode.processor.spend;

import dev.roocode.processor.topology.RoocodeTopology;
import dev.roocode.schemas.avro.SpendTotal;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the spend of each batch and tenant (repartitioned by scope) and forwards every new total
 * to the compacted spend topic, which the router reads back through a global store.
 */
public final class SpendAccountant implements Processor<String, SpendDelta, String, SpendTotal> {
    private ProcessorContext<String, SpendTotal> context;
    /**
     * {@code batch:<id>} / {@code tenant:<name>} → SpendTotal; written here on every delta; never
     * purged (one small record per batch and tenant; the topic copy is compacted).
     */
    private KeyValueStore<String, SpendTotal> totals;

    @Override
    public void init(ProcessorContext<String, SpendTotal> context) {
        this.context = context;
        this.totals = context.getStateStore(RoocodeTopology.SPEND_TOTALS_STORE);
    }

    @Override
    public void process(Record<String, SpendDelta> delta) {
        if (delta.key() == null || delta.value() == null) {
            return;
        }
        SpendTotal total = SpendTotals.apply(delta.key(), totals.get(delta.key()), delta.value(), Instant.ofEpochMilli(delta.timestamp()));
        totals.put(delta.key(), total);
        context.forward(delta.withValue(total));
    }
}
