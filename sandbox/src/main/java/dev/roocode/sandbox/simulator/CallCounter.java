package dev.roocode.sandbox.simulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts calls per request id on the hot path of benchmarks: one map lookup (lock-free for an id
 * seen before) and one striped adder, no lock shared by all IO threads.
 *
 * <p>Memory grows with the number of distinct ids (about 130 bytes each) until {@link #reset()}.
 */
final class CallCounter {

    private final ConcurrentHashMap<String, AtomicInteger> perId = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    /** The {@code traceparent} header of each id's latest call that had one: a test checks a job's trace reached here. */
    private final ConcurrentHashMap<String, String> traceparents = new ConcurrentHashMap<>();

    /** Records a call and returns how many calls this id has had so far, including this one (1 without id). */
    int record(String requestId) {
        total.increment();
        if (requestId == null || requestId.isEmpty()) {
            return 1;
        }
        AtomicInteger count = perId.get(requestId);
        if (count == null) {
            count = perId.computeIfAbsent(requestId, id -> new AtomicInteger());
        }
        return count.incrementAndGet();
    }

    /** {@link #record(String)}, keeping the call's {@code traceparent} header value (null: none). */
    int record(String requestId, String traceparent) {
        if (requestId != null && !requestId.isEmpty() && traceparent != null) {
            traceparents.put(requestId, traceparent);
        }
        return record(requestId);
    }

    String traceparent(String requestId) {
        return traceparents.get(requestId);
    }

    int callCount(String requestId) {
        AtomicInteger count = perId.get(requestId);
        return count == null ? 0 : count.get();
    }

    long totalCalls() {
        return total.sum();
    }

    int distinctRequestIds() {
        return perId.size();
    }

    /** Sum over ids of (count - 1): every call beyond an id's first one. */
    long duplicateCalls() {
        long duplicates = 0;
        for (AtomicInteger count : perId.values()) {
            duplicates += count.get() - 1;
        }
        return duplicates;
    }

    /** The most calls any single id has had (0 when none). */
    int maxCallsPerId() {
        int max = 0;
        for (AtomicInteger count : perId.values()) {
            max = Math.max(max, count.get());
        }
        return max;
    }

    void reset() {
        perId.clear();
        traceparents.clear();
        total.reset();
    }
}
