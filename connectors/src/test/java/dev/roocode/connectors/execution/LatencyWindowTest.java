package dev.roocode.connectors.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    @Test
    void shouldTakeNearestRankPercentiles() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1; // 1..100 ms
        }
        assertThat(LatencyWindow.percentile(hundred, 0.50)).isEqualTo(50);
        assertThat(LatencyWindow.percentile(hundred, 0.99)).isEqualTo(99);
        assertThat(LatencyWindow.percentile(new double[] {7}, 0.99)).isEqualTo(7);
        assertThat(LatencyWindow.percentile(new double[] {1, 2, 3}, 0.50)).isEqualTo(2);
        assertThat(LatencyWindow.percentile(new double[] {1, 1000}, 0.99)).isEqualTo(1000);
    }

    @Test
    void shouldGiveP50AndP99OfTheWindowAndForgetOlderSamples() {
        LatencyWindow w = new LatencyWindow(Duration.ofMinutes(1));
        assertThat(w.percentiles(0)).isNull();
        for (int i = 1; i <= 98; i++) {
            w.add(1_000, 10);
        }
        w.add(2_000, 500);
        w.add(2_000, 900);

        assertThat(w.percentiles(3_000)).isEqualTo(new LatencyWindow.Percentiles(10, 500));
        // a minute after the first 98, only the two slow ones are left
        assertThat(w.percentiles(61_500)).isEqualTo(new LatencyWindow.Percentiles(500, 900));
        assertThat(w.percentiles(62_500)).isNull();
    }

    @Test
    void shouldKeepOnlyTheMostRecentSamplesWhenTheWindowHoldsMore() {
        LatencyWindow w = new LatencyWindow(Duration.ofMinutes(1));
        for (int i = 0; i < LatencyWindow.MAX_SAMPLES; i++) {
            w.add(0, 1_000);
        }
        for (int i = 0; i < LatencyWindow.MAX_SAMPLES; i++) {
            w.add(1, 5);
        }
        assertThat(w.percentiles(2)).isEqualTo(new LatencyWindow.Percentiles(5, 5));
    }
}
