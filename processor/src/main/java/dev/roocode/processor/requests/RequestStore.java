package dev.roocode.processor.requests;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The requests store of a task (requestId → {@link RequestState}) as its processors use it: lookups
 * of ids the task's {@link RequestIdFilter} knows to be absent answer null without reaching
 * RocksDB, and every write tells the filter. All reads and writes of the store go through here.
 */
public final class RequestStore {
    /** The store's name: requestId → RequestState, changelogged, shared by the intake and the finalizers of a task. */
    public static final String NAME = "requests-store";

    private final KeyValueStore<String, RequestState> store;
    private final RequestIdFilter ids;

    RequestStore(KeyValueStore<String, RequestState> store, RequestIdFilter ids) {
        this.store = store;
        this.ids = ids;
    }

    public RequestState get(String requestId) {
        return ids.mayContain(requestId) ? store.get(requestId) : null;
    }

    public void put(String requestId, RequestState state) {
        store.put(requestId, state);
        ids.added(requestId);
    }

    public void delete(String requestId) {
        store.delete(requestId);
    }

    /** Every entry, in key order (the purge pass). */
    public KeyValueIterator<String, RequestState> all() {
        return store.all();
    }

    /** The entries from {@code from} (inclusive) to the end, in key order (the purge pass). */
    public KeyValueIterator<String, RequestState> from(String from) {
        return store.range(from, null);
    }

    /** The filter in front of the store, which the purge pass rebuilds. */
    public RequestIdFilter ids() {
        return ids;
    }
}
