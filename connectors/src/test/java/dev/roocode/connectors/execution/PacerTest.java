package dev.roocode.connectors.execution;

import static dev.roocode.connectors.TestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.RateLimits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacerTest {
    private final ManualTime time = new ManualTime(T0);

    @Test
    void shouldAdmitUpToTheRpmWithinAnyMinuteAndThenWaitForTheOldestCallToLeaveTheWindow() {
        Pacer pacer = new Pacer(3L, null, time);
        assertThat(pacer.tryReserve(1)).isNotNull();
        time.advance(Duration.ofSeconds(10));
        assertThat(pacer.tryReserve(1)).isNotNull();
        assertThat(pacer.tryReserve(1)).isNotNull();

        assertThat(pacer.tryReserve(1)).isNull();
        assertThat(pacer.waitTime(1)).isEqualTo(Duration.ofSeconds(50));
        time.advance(Duration.ofSeconds(50));
        assertThat(pacer.tryReserve(1)).isNotNull();
    }

    @Test
    void shouldReserveEstimatedTokensAndReconcileWithTheRealUsage() {
        Pacer pacer = new Pacer(null, 1000L, time);
        Pacer.Reservation first = pacer.tryReserve(600);
        assertThat(pacer.tryReserve(600)).as("1200 > 1000 tokens").isNull();

        pacer.reconcile(first, 100);

        assertThat(pacer.tryReserve(600)).isNotNull();
        assertThat(pacer.tokensInWindow()).isEqualTo(700);
    }

    @Test
    void shouldLetOneOversizedCallIntoAnEmptyWindow() {
        Pacer pacer = new Pacer(null, 100L, time);
        assertThat(pacer.tryReserve(500)).isNotNull();
        assertThat(pacer.tryReserve(1)).isNull();
    }

    @Test
    void shouldUseOnlyItsShareOfTheGlobalLimit() {
        Pacer pacer = new Pacer(10L, null, time);
        pacer.share(0.5);
        for (int i = 0; i < 5; i++) {
            assertThat(pacer.tryReserve(1)).isNotNull();
        }
        assertThat(pacer.tryReserve(1)).isNull();
    }

    @Test
    void shouldPauseEveryCallUntilTheRetryAfterOfA429AndLowerItsBudgetThenProbeBackUp() {
        Pacer pacer = new Pacer(100L, null, time);
        pacer.rateLimited(T0.plusSeconds(5));

        Duration pause = Duration.ofSeconds(5).plus(Pacer.RESET_MARGIN);
        assertThat(pacer.waitTime(1)).isEqualTo(pause);
        assertThat(pacer.pausedUntil()).isEqualTo(T0.plus(pause));
        assertThat(pacer.factor()).isEqualTo(Pacer.DECREASE);
        time.advance(pause);
        assertThat(pacer.waitTime(1)).isZero();

        time.advance(Pacer.PROBE_INTERVAL);
        pacer.waitTime(1);
        assertThat(pacer.factor()).isEqualTo(Pacer.DECREASE + Pacer.INCREASE);
    }

    @Test
    void shouldCountA429BurstFromCallsAlreadyInFlightOnce() {
        Pacer pacer = new Pacer(100L, null, time);
        pacer.rateLimited(null);
        pacer.rateLimited(null);
        pacer.rateLimited(null);
        assertThat(pacer.factor()).isEqualTo(Pacer.DECREASE);
        assertThat(pacer.pausedUntil()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void shouldSettleAtTheProvidersLimitHeaderWhenItIsBelowTheConfiguredOne() {
        Pacer pacer = new Pacer(100L, null, time);
        pacer.observe(new RateLimits(2L, null, null, null, null, null, null));
        assertThat(pacer.tryReserve(1)).isNotNull();
        assertThat(pacer.tryReserve(1)).isNotNull();
        assertThat(pacer.tryReserve(1)).isNull();
    }

    @Test
    void shouldStopAtTheRemainingRequestsOfTheHeadersUntilTheirReset() {
        Pacer pacer = new Pacer(100L, null, time);
        Instant reset = T0.plusSeconds(7);
        pacer.observe(new RateLimits(null, 1L, reset, null, null, null, null));
        assertThat(pacer.tryReserve(1)).isNotNull();

        assertThat(pacer.waitTime(1)).isEqualTo(Duration.ofSeconds(7).plus(Pacer.RESET_MARGIN));
        assertThat(pacer.pausedUntil()).isEqualTo(reset.plus(Pacer.RESET_MARGIN));
        time.advance(Duration.ofSeconds(7).plus(Pacer.RESET_MARGIN));
        assertThat(pacer.tryReserve(1)).isNotNull();
    }

    @Test
    void shouldTrustALimitHeaderOverTheAdaptiveFactor() {
        Pacer pacer = new Pacer(100L, null, time);
        pacer.observe(new RateLimits(10L, null, null, null, null, null, null));
        pacer.rateLimited(null);
        time.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.tryReserve(1)).as("the provider said 10").isNotNull();
        }
        assertThat(pacer.tryReserve(1)).isNull();
    }

    @Test
    void shouldLearnHowTheProviderCountsPrompts() {
        Pacer pacer = new Pacer(null, 1000L, time);
        TokenReservation.Estimate estimate = new TokenReservation.Estimate(100, 50);
        assertThat(pacer.tokens(estimate)).isEqualTo(150);

        pacer.calibrate(100, 140);

        assertThat(pacer.promptScale()).isEqualTo(1.4);
        assertThat(pacer.tokens(estimate)).isEqualTo(190);
    }

    @Test
    void shouldTakeItsOwnLaterCallsOffTheRemainingBudgetOfAnAnswer() {
        Pacer pacer = new Pacer(100L, null, time);
        Instant sent = time.instant();
        pacer.tryReserve(1);
        time.advance(Duration.ofMillis(10));
        pacer.tryReserve(1);
        pacer.tryReserve(1);

        // the answer to the first call says 3 left, which cannot include the two calls sent after it
        pacer.observe(new RateLimits(null, 3L, T0.plusSeconds(30), null, null, null, null), sent);

        assertThat(pacer.tryReserve(1)).isNotNull();
        assertThat(pacer.tryReserve(1)).isNull();
    }

    @Test
    void shouldGiveBackACancelledReservation() {
        Pacer pacer = new Pacer(1L, null, time);
        Pacer.Reservation r = pacer.tryReserve(1);
        pacer.cancel(r);
        assertThat(pacer.tryReserve(1)).isNotNull();
    }
}
