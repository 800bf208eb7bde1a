package dev.roocode.bench.peer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples a process and its live descendants from {@code /proc} every few milliseconds until it exits: the CPU time
 * of the tree (the last sample's sum, each process with its reaped children, see {@link ProcFs}) and the peak
 * resident set of each process ever seen. A process's counters vanish with it, so the figures are those of the
 * last sample before the exit: at most one interval of CPU is missed.
 */
final class TreeMonitor implements AutoCloseable {
    private final ProcessHandle root;
    private final ProcFs proc;
    private final ScheduledExecutorService sampler;
    private final Map<Long, Long> peakRssKbByPid = new HashMap<>();
    private long cpuTicks;

    private TreeMonitor(ProcessHandle root, ProcFs proc, Duration interval) {
        this.root = root;
        this.proc = proc;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peer-proc-sampler");
            t.setDaemon(true);
            return t;
        });
        sample();
        sampler.scheduleAtFixedRate(this::sample, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    static TreeMonitor watch(ProcessHandle root, Duration interval) {
        return new TreeMonitor(root, ProcFs.system(), interval);
    }

    /** Reads the tree now; the CPU time it has used so far. */
    synchronized Duration sample() {
        if (!root.isAlive()) {
            return cpu();
        }
        long ticks = 0;
        boolean seen = false;
        for (ProcessHandle p :
                Stream.concat(Stream.of(root), root.descendants()).toList()) {
            Optional<ProcFs.Reading> reading = proc.read(p.pid());
            if (reading.isPresent()) {
                seen = true;
                ticks += reading.get().cpuTicks();
                peakRssKbByPid.merge(p.pid(), reading.get().peakRssKb(), Math::max);
            }
        }
        if (seen) {
            cpuTicks = Math.max(cpuTicks, ticks);
        }
        return cpu();
    }

    /** CPU time of the tree at the last sample. */
    synchronized Duration cpu() {
        return Duration.ofMillis(cpuTicks * 1000 / ProcFs.TICKS_PER_SECOND);
    }

    /** The sum of each process's peak resident set (VmHWM), in bytes. */
    synchronized long peakRssBytes() {
        return peakRssKbByPid.values().stream().mapToLong(Long::longValue).sum() * 1024;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
