package dev.roocode.processor.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArrivalForecastTest {
    private static final long T0 = 1_800_000_000_000L;

    /** 80 tight jobs (30 s) and 320 loose ones (180 s) a second for {@code seconds} seconds from T0. */
    private static ArrivalForecast steady(int seconds) {
        ArrivalForecast forecast = new ArrivalForecast();
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < 400; i++) {
                long at = T0 + s * 1000L + i * 2L;
                forecast.arrived(at, i % 5 == 0 ? 30_000 : 180_000);
            }
        }
        return forecast;
    }

    @Test
    void shouldCountTheTighterArrivalsDueBeforeADeadline() {
        ArrivalForecast forecast = steady(20);
        long now = T0 + 20_000;

        // due in 150 s: the tight jobs of the next 120 s (80/s), no loose job (they are due later)
        assertThat((double) forecast.expectedBefore(now, now + 150_000)).isCloseTo(80 * 120, within(80 * 1.0));
        // due within the tight slack: nobody arriving later can be due before it
        assertThat(forecast.expectedBefore(now, now + 25_000)).isZero();
        // due in 200 s: tight jobs of 170 s and loose jobs of 20 s (buckets 1% wide: up to 1.8 s more of the loose)
        assertThat((double) forecast.expectedBefore(now, now + 200_000))
                .isCloseTo(80 * 170 + 320 * 20, within(320 * 2.0));
    }

    @Test
    void shouldErrTowardsMoreJobsAheadNotFewer() {
        ArrivalForecast forecast = steady(20);
        long now = T0 + 20_000;

        assertThat(forecast.expectedBefore(now, now + 150_000)).isGreaterThanOrEqualTo(80 * 120);
    }

    @Test
    void shouldCountNoArrivalsBeyondTheEndOfTheirBatch() {
        // a batch of 10,000 lines sent at 400/s from T0: its last line arrives at T0 + 25 s
        ArrivalForecast forecast = new ArrivalForecast();
        for (int i = 0; i < 8_000; i++) {
            forecast.arrived(T0 + i * 2_500L / 1000, i % 5 == 0 ? 30_000 : 180_000, "b1", 10_000L, i + 1L);
        }
        long now = T0 + 20_000;

        // due in 150 s: tight jobs arrive for the 5 s left of the batch, not for 120 s
        assertThat((double) forecast.expectedBefore(now, now + 150_000)).isCloseTo(80 * 5, within(40.0));
        // a deadline too close for the end to matter: as without a batch
        assertThat((double) forecast.expectedBefore(now, now + 33_000)).isCloseTo(80 * 3, within(20.0));
    }

    @Test
    void shouldNotBoundTheForecastWhileAnyArrivalHasNoBatch() {
        ArrivalForecast forecast = new ArrivalForecast();
        for (int i = 0; i < 8_000; i++) {
            forecast.arrived(T0 + i * 2_500L / 1000, i % 5 == 0 ? 30_000 : 180_000, "b1", 10_000L, i + 1L);
        }
        forecast.arrived(T0 + 19_990, 30_000);
        long now = T0 + 20_000;

        assertThat((double) forecast.expectedBefore(now, now + 150_000)).isCloseTo(80 * 120, within(200.0));
    }

    @Test
    void shouldForgetArrivalsThatStopped() {
        ArrivalForecast forecast = steady(20);

        assertThat(forecast.expectedBefore(T0 + 25_000, T0 + 175_000)).isPositive();
        assertThat(forecast.expectedBefore(T0 + 31_000, T0 + 181_000)).isZero();
    }

    @Test
    void shouldNotCountTheSecondStillFilling() {
        ArrivalForecast forecast = new ArrivalForecast();
        forecast.arrived(T0 + 100, 1_000);

        assertThat(forecast.expectedBefore(T0 + 900, T0 + 60_000)).isZero();
        assertThat(forecast.expectedBefore(T0 + 1_100, T0 + 61_100)).isPositive();
    }

    @Test
    void shouldForecastNothingForAPassedDeadline() {
        assertThat(steady(5).expectedBefore(T0 + 5_000, T0 + 4_000)).isZero();
    }
}
