package dev.roocode.processor.state;

import dev.roocode.schemas.avro.ProviderState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each provider's state from its dispatches and finished attempts (repartitioned by
 * provider) and publishes the providers that changed every {@link #PUBLISH_INTERVAL} on the
 * compacted provider-state topic, where the router's global store reads it. Publishing on a timer
 * rather than per event keeps that topic to about one record per provider per second under load.
 */
public final class ProviderStateAggregator implements Processor<String, ProviderDelta, String, ProviderState> {
    /** The store's name: provider name → ProviderState as aggregated here. */
    public static final String STORE = "provider-stats-store";
    /** How often changed states are published. */
    public static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(1);

    private ProcessorContext<String, ProviderState> context;
    /**
     * provider name → ProviderState; written here on every delta, published from here; a provider
     * removed from the providers topic keeps its last entry (a few hundred bytes; its topic copy is
     * compacted).
     */
    private KeyValueStore<String, ProviderState> stats;
    /** Providers changed since the last publication; in memory (after a crash, the next delta marks them again). */
    private final Set<String> changed = new LinkedHashSet<>();

    @Override
    public void init(ProcessorContext<String, ProviderState> context) {
        this.context = context;
        this.stats = context.getStateStore(STORE);
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
    }

    @Override
    public void process(Record<String, ProviderDelta> delta) {
        if (delta.key() == null || delta.value() == null) {
            return;
        }
        stats.put(
                delta.key(),
                ProviderStats.apply(
                        delta.key(), stats.get(delta.key()), delta.value(), Instant.ofEpochMilli(delta.timestamp())));
        changed.add(delta.key());
    }

    private void publishChanged(long wallClockMs) {
        for (String provider : changed) {
            ProviderState state = stats.get(provider);
            if (state != null) {
                // updatedAt stays the time of the latest dispatch or finish counted: routers keep the reservations made
                // after it
                context.forward(new Record<>(provider, state, wallClockMs));
            }
        }
        changed.clear();
    }
}
