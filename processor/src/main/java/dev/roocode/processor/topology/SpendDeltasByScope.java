package dev.roocode.processor.topology;

import dev.roocode.processor.requests.Emit;
import dev.roocode.processor.spend.SpendDelta;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Emits → one {@link SpendDelta} per batch and tenant of each dispatch and usage event, keyed by
 * scope and stamped with the emit's record timestamp. A processor rather than a {@code flatMap}
 * because the DSL's mappers and aggregators do not see the timestamp, and the spend total's
 * {@code updatedAt} is made from it.
 */
final class SpendDeltasByScope implements Processor<String, Emit, String, SpendDelta> {
    private ProcessorContext<String, SpendDelta> context;

    @Override
    public void init(ProcessorContext<String, SpendDelta> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Emit> emit) {
        if (emit.value() == null) {
            return;
        }
        for (SpendDelta.Scoped scoped : SpendDelta.of(emit.value().value(), emit.timestamp())) {
            context.forward(emit.withKey(scoped.scope()).withValue(scoped.delta()));
        }
    }
}
