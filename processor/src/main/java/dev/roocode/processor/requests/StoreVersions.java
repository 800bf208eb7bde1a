package dev.roocode.processor.requests;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many updates the global thread has applied to each global store of this process: a reader
 * keeps decoded copies of a store's values while its count has not moved ({@link RoutingView}),
 * and parked jobs are looked at for cancelled batches only when the cancellations store's count
 * moved. One per topology; the global thread writes it, the stream threads read it.
 */
public final class StoreVersions {
    /** global store name → updates applied to it. */
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    /** Counts one update of global store {@code store}; called by the global thread after it wrote the store. */
    public void changed(String store) {
        versions.computeIfAbsent(store, name -> new AtomicLong()).incrementAndGet();
    }

    /** How many updates global store {@code store} has had: a reader's decoded copy is current while this has not moved. */
    public long version(String store) {
        AtomicLong version = versions.get(store);
        return version == null ? 0 : version.get();
    }
}
