package dev.roocode.connectors.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker's window: the progress of each partition it holds and the slots their records take. A
 * record takes a slot when it is dispatched and frees it when a successful commit covers it (or its
 * partition is revoked), so a crash repeats at most one window of calls.
 *
 * <p>Records polled while the window was full are held here, in offset order per partition, until a slot
 * frees: starting them from memory spares each slot's cycle the fetch that a seek back would cost. A held
 * record takes no slot and is in no {@link PartitionProgress} (no commit covers it), and the consumer
 * stays paused while a window's worth is held, so this holds at most two windows of records.
 *
 * <p>Not thread-safe: the worker's poll thread owns it.
 */
final class DispatchWindow {
    private final int size;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> held = new LinkedHashMap<>();
    private int slots;
    private int heldCount;

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

    /** Keeps {@code records} of {@code tp}, polled but not started, after those already held. */
    void hold(TopicPartition tp, Iterable<ConsumerRecord<String, byte[]>> records) {
        Deque<ConsumerRecord<String, byte[]>> queue = held.computeIfAbsent(tp, k -> new ArrayDeque<>());
        for (ConsumerRecord<String, byte[]> record : records) {
            queue.add(record);
            heldCount++;
        }
    }

    /** The held records of each partition, in the order they were polled; a caller that takes one calls {@link #took}. */
    Map<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> held() {
        return held;
    }

    /** A held record was started or dropped. */
    void took() {
        heldCount--;
    }

    /** Records polled and not yet started. */
    int heldCount() {
        return heldCount;
    }

    /** Drops the held records of {@code tp} (revoked, lost, assigned anew, or to be fetched again after a seek). */
    void drop(TopicPartition tp) {
        Deque<ConsumerRecord<String, byte[]>> queue = held.remove(tp);
        if (queue != null) {
            heldCount -= queue.size();
        }
    }
}
