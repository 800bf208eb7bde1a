package dev.roocode.connectors.execution;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task later. Injected so retry tests advance time by hand instead of sleeping.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} after {@code delay} (immediately when zero or negative). */
    void schedule(Runnable task, Duration delay);

    /** A scheduler backed by {@code executor}. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
}
