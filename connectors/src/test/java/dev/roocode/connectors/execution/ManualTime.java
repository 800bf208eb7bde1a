package dev.roocode.connectors.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock and scheduler that move only when a test advances them. */
public final class ManualTime extends Clock implements Scheduler {
    private Instant now;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    private record Task(Instant at, Runnable task) {}

    public ManualTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        delays.add(delay);
        tasks.add(new Task(now.plus(delay), task));
    }

    /** Delays requested so far, in order. */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Runs every task due up to now + {@code step}, advancing the clock to each one. */
    public void advance(Duration step) {
        Instant until;
        synchronized (this) {
            until = now.plus(step);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> !t.at().isAfter(until))
                        .min(Comparator.comparing(Task::at))
                        .orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = next.at().isAfter(now) ? next.at() : now;
            }
            next.task().run();
        }
    }

    /** Runs all scheduled tasks, however far ahead. */
    public void runAll() {
        advance(Duration.ofDays(365));
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
