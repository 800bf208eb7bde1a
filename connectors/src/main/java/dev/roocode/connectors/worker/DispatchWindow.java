package dev.roocode.connectors.worker;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker's window: the progress of each partition it holds and the slots their records take. A
 * record takes a slot when it is dispatched and frees it when a successful commit covers it (or its
 * partition is revoked), so a crash repeats at most one window of calls.
 *
 * <p>Not thread-safe: the worker's poll thread owns it.
 */
final class DispatchWindow {
    private final int size;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private int slots;

    DispatchWindow(int size) {
        this.size = Math.max(1, size);
    }

    int size() {
        return size;
    }

    /** Slots taken: dispatched records not yet covered by a successful commit. */
    int slots() {
        return slots;
    }

    boolean isFull() {
        return slots >= size;
    }

    void take() {
        slots++;
    }

    void release(int freed) {
        slots -= freed;
    }

    /** The progress of each assigned partition, shared with {@link CommitTracker}. */
    Map<TopicPartition, PartitionProgress> progress() {
        return progress;
    }
}
