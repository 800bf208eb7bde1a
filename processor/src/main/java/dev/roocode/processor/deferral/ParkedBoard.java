package dev.roocode.processor.deferral;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How many jobs each task of this process has parked, and the earliest deadline among them: a new
 * job lets the jobs parked with earlier deadlines (in any task) take free room first, and a task
 * takes its share of the freed room per release pass. One per topology; each task's intake writes
 * its own line.
 */
public final class ParkedBoard {
    /** task → how many jobs it has parked and the earliest deadline among them. */
    private final Map<TaskId, Parked> parked = new ConcurrentHashMap<>();

    /** Records that {@code task} now holds {@code count} parked jobs, the earliest due at {@code earliestDeadlineMs}. */
    public void parked(TaskId task, long count, long earliestDeadlineMs) {
        if (count <= 0) {
            parked.remove(task);
        } else {
            parked.put(task, new Parked(count, earliestDeadlineMs));
        }
    }

    /** The earliest deadline of any job parked in this process, or {@link Long#MAX_VALUE} when none is. */
    public long earliestDeadlineMs() {
        long earliest = Long.MAX_VALUE;
        for (Parked p : parked.values()) {
            earliest = Math.min(earliest, p.earliestDeadlineMs());
        }
        return earliest;
    }

    /** Jobs parked in this process, every task together. */
    public long total() {
        long total = 0;
        for (Parked p : parked.values()) {
            total += p.count();
        }
        return total;
    }

    /** {@code task}'s share of this process's parked jobs (0 to 1): the share of freed room it may take per release pass. */
    public double shareOf(TaskId task) {
        Parked mine = parked.get(task);
        if (mine == null) {
            return 0;
        }
        long total = total();
        return total == 0 ? 0 : mine.count() / (double) total;
    }

    private record Parked(long count, long earliestDeadlineMs) {}
}
