package dev.roocode.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.roocode.bench.routing.OffloadFigures.JobOutcome;
import dev.roocode.bench.routing.OffloadFigures.Prices;
import dev.roocode.bench.routing.OffloadFigures.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffloadFiguresTest {
    private static final Prices REALTIME = new Prices(2.0, 8.0);

    private static JobOutcome served(String provider, long completedAt, long deadline, double cost) {
        return new JobOutcome(deadline, true, true, provider, completedAt, cost, 1000, 100);
    }

    @Test
    void shouldPriceTheSameTokensAtTheCheapestRealtimeOfferForTheBaseline() {
        // 1000 in, 100 out at $2/$8 per MTok = $0.0028 each
        double full = 0.0028;
        OffloadFigures f = OffloadFigures.of(
                List.of(
                        served("a:batch", 10, 100, full / 2),
                        served("a:batch", 10, 100, full / 2),
                        served("b", 10, 100, full)),
                0,
                REALTIME);

        assertThat(f.allRealtimeUsd()).isCloseTo(3 * full, within(1e-12));
        assertThat(f.costUsd()).isCloseTo(2 * full, within(1e-12));
        assertThat(f.costRatio()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(f.byBatch()).isEqualTo(2);
    }

    @Test
    void shouldMeetTheCostTargetUpToTheSumsRoundingButNotWithOneJobMoreAtFullPrice() {
        // 20 tight jobs at full price, 80 loose ones at half: exactly 0.6 in exact arithmetic
        double full = 0.0028;
        List<JobOutcome> jobs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            jobs.add(served(i % 5 == 0 ? "a" : "a:batch", 10, 100, i % 5 == 0 ? full : full / 2));
        }
        OffloadFigures exact = OffloadFigures.of(jobs, 0, REALTIME);
        jobs.set(1, served("a", 10, 100, full));
        OffloadFigures oneRealtime = OffloadFigures.of(jobs, 0, REALTIME);

        assertThat(exact.costRatio()).isCloseTo(0.6, within(1e-12));
        assertThat(exact.costAtMost(0.60)).isTrue();
        assertThat(oneRealtime.costAtMost(0.60)).as("0.605").isFalse();
    }

    @Test
    void shouldCountLateFailedAndLostJobsAsNotOnTime() {
        OffloadFigures f = OffloadFigures.of(
                List.of(
                        served("a", 100, 100, 0.001),
                        served("a", 101, 100, 0.001),
                        new JobOutcome(100, true, false, "a", 50, 0, 0, 0),
                        JobOutcome.lost(100)),
                3,
                REALTIME);

        assertThat(f.jobs()).isEqualTo(4);
        assertThat(f.answered()).isEqualTo(3);
        assertThat(f.lost()).isEqualTo(1);
        assertThat(f.succeeded()).isEqualTo(2);
        assertThat(f.onTime()).isEqualTo(1);
        assertThat(f.onTimeShare()).isEqualTo(0.25);
        assertThat(f.duplicates()).isEqualTo(3);
    }

    @Test
    void shouldBoundTheRatioByTheTightJobsAndTheBatchLinesSentBackToRealtime() {
        assertThat(OffloadFigures.boundRatio(0.8, 0.5, 0)).isCloseTo(0.60, within(1e-12));
        // 5% of the batch lines failing alone lifts the bound above 0.60
        assertThat(OffloadFigures.boundRatio(0.8, 0.5, 0.05)).isCloseTo(0.62, within(1e-12));
    }

    @Test
    void shouldCompressEveryDurationByTheFactor() {
        TimeScale scale = new TimeScale(60);

        assertThat(scale.of(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(2));
        assertThat(scale.of(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(24));
        assertThat(scale.of(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new TimeScale(0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
