package dev.roocode.client.batch;

/** Receives a batch run's progress; called from the runner's thread. */
public interface BatchProgress {
    /** All lines are read and submitted; {@code total} lines, {@code invalid} of them rejected up front. */
    default void submitted(long total, long invalid) {}

    /** {@code done} of {@code total} lines have their output line. */
    default void progress(long done, long total) {}

    /** Ignores progress. */
    BatchProgress NONE = new BatchProgress() {};
}
