package dev.roocode.bench.peer;

import java.time.Duration;

/**
 * One measured run of a batch file by one program.
 *
 * @param exitCode    the process's exit code
 * @param wall        from the command's start to its exit
 * @param toReady     from the start to its "Ready" line (null when it printed none)
 * @param toSummary   from the start to its summary line (null when it printed none)
 * @param batch       the batch phase as the program's summary states it (null when none)
 * @param cpu         CPU time of the process tree over the whole run
 * @param cpuAtReady  CPU time of the tree when "Ready" was printed (null when it printed none)
 * @param cpuAtSummary CPU time of the tree when the summary was printed (null when none)
 * @param peakRssBytes the sum of the peak resident sets (VmHWM) of the tree's processes
 */
record Measured(
        int exitCode,
        Duration wall,
        Duration toReady,
        Duration toSummary,
        Duration batch,
        Duration cpu,
        Duration cpuAtReady,
        Duration cpuAtSummary,
        long peakRssBytes) {

    /** Lines per second over the whole run (start to exit). */
    double wholeRunJobsPerSecond(int lines) {
        return perSecond(lines, wall);
    }

    /** Lines per second of the batch phase the program reports; NaN when it reported none. */
    double batchJobsPerSecond(int lines) {
        return batch == null ? Double.NaN : perSecond(lines, batch);
    }

    /** CPU µs per line over the whole run. */
    double cpuMicrosPerJob(int lines) {
        return micros(cpu) / lines;
    }

    /** CPU µs per line after start-up: the whole run's CPU less the CPU until "Ready"; NaN without a Ready line. */
    double cpuMicrosPerJobAfterStartup(int lines) {
        return cpuAtReady == null ? Double.NaN : micros(cpu.minus(cpuAtReady)) / lines;
    }

    /** CPU µs per line from "Ready" to the summary (shut-down excluded); NaN without both lines. */
    double cpuMicrosPerJobBatchPhase(int lines) {
        return cpuAtReady == null || cpuAtSummary == null ? Double.NaN : micros(cpuAtSummary.minus(cpuAtReady)) / lines;
    }

    private static double perSecond(int lines, Duration d) {
        return d.isZero() || d.isNegative() ? Double.NaN : lines / (d.toNanos() / 1e9);
    }

    private static double micros(Duration d) {
        return d.toNanos() / 1e3;
    }
}
