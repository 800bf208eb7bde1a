package dev.roocode.processor.requests;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The {@link RequestIdFilter} in front of each task's requests store, one per task, shared by the
 * task's intake and finalizers (they share the store). One per topology.
 */
public final class RequestIdFilters {
    /** task → the filter in front of its requests store; dropped when the task closes here. */
    private final Map<TaskId, RequestIdFilter> filters = new ConcurrentHashMap<>();

    /** The filter in front of {@code task}'s requests store (one per task, whichever processor asks first). */
    public RequestIdFilter forTask(TaskId task) {
        return filters.computeIfAbsent(task, t -> new RequestIdFilter());
    }

    /** Drops {@code task}'s filter: the task closed here. */
    public void forget(TaskId task) {
        filters.remove(task);
    }
}
