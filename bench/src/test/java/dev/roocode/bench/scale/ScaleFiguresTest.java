package dev.roocode.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.roocode.bench.load.Measurement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of the scale scenario: per-core throughput, recovery after a stop, processes in a Streams group. */
class ScaleFiguresTest {
    private static final long START = 1_000_000_000_000L;

    private static Measurement timeline(int... answeredPerSecond) {
        List<Measurement.Point> points = new ArrayList<>();
        for (int s = 0; s < answeredPerSecond.length; s++) {
            points.add(new Measurement.Point(s, answeredPerSecond[s], 10, 20));
        }
        return new Measurement("p", 0, 0, 0, 100, 100, 100, 10, 20, 30, points, START);
    }

    @Test
    void shouldCountJobsPerCpuSecondOfTheServicesAsJobsPerSecondPerCore() {
        assertThat(ScaleFigures.jobsPerCoreSecond(20_000, 8.0)).isEqualTo(2_500.0);
        assertThat(ScaleFigures.jobsPerCoreSecond(20_000, 0)).isNaN();
    }

    @Test
    void shouldCountRecoveryFromTheKillToTheFirstOfThreeSecondsAtHalfTheOfferedRate() {
        // killed at 2.5 s; second 3 still answers what was on its way, then a gap, steady again from second 6
        Measurement m = timeline(100, 100, 100, 80, 0, 10, 60, 90, 100, 100);

        double recovery = ScaleFigures.recoverySeconds(m, START + 2_500_000_000L, 100);

        assertThat(recovery).isCloseTo(3.5, within(1e-9));
    }

    @Test
    void shouldStartCountingAtTheFirstWholeSecondAfterTheKill() {
        Measurement m = timeline(100, 100, 100, 100, 100, 100);

        assertThat(ScaleFigures.recoverySeconds(m, START + 2_500_000_000L, 100)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldReportNoRecoveryWhenNothingWasStoppedAndThePhaseEndWhenThroughputNeverCameBack() {
        Measurement m = timeline(100, 100, 0, 10, 10);

        assertThat(ScaleFigures.recoverySeconds(m, 0, 100)).isNaN();
        assertThat(ScaleFigures.recoverySeconds(m, START + 1_000_000_000L, 100)).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void shouldCountOneProcessPerStreamsClientWhateverItsThreads() {
        assertThat(Services.streamsProcesses(List.of(
                        "roocode-processor-aaa-StreamThread-1-consumer",
                        "roocode-processor-aaa-StreamThread-2-consumer",
                        "roocode-processor-bbb-StreamThread-1-consumer")))
                .isEqualTo(2);
    }
}
