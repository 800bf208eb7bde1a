package dev.roocode.bench.scale;

import dev.roocode.bench.load.Measurement;
import java.util.List;

/** The arithmetic of the scale scenario's figures, apart from the processes that produce them. */
final class ScaleFigures {
    /** Whole seconds of answers at ≥ half the offered rate that count as "throughput is back". */
    static final int STEADY_SECONDS = 3;

    private ScaleFigures() {}

    /** Jobs answered per CPU-second of the services (processors + connectors): jobs/s per core used. */
    static double jobsPerCoreSecond(int jobs, double serviceCpuSeconds) {
        return serviceCpuSeconds <= 0 ? Double.NaN : jobs / serviceCpuSeconds;
    }

    /**
     * Seconds from {@code eventNanos} to the start of the first run of {@link #STEADY_SECONDS} whole seconds after it
     * that each answer ≥ half of {@code rate} (a run may end with the phase's last answers); NaN when the event never
     * happened (0), the phase's end when throughput never came back.
     */
    static double recoverySeconds(Measurement m, long eventNanos, double rate) {
        if (eventNanos == 0) {
            return Double.NaN;
        }
        List<Measurement.Point> timeline = m.timeline();
        int first = (int) Math.max(0, (eventNanos - m.startNanos()) / 1_000_000_000L + 1);
        for (int s = first; s < timeline.size(); s++) {
            boolean steady = true;
            for (int t = s; t < Math.min(timeline.size(), s + STEADY_SECONDS); t++) {
                boolean last = t == timeline.size() - 1 && t > s;
                steady &= last || timeline.get(t).answered() >= rate / 2;
            }
            if (steady) {
                return Math.max(0, (m.startNanos() + s * 1_000_000_000L - eventNanos) / 1e9);
            }
        }
        return (m.startNanos() + timeline.size() * 1_000_000_000L - eventNanos) / 1e9;
    }
}
