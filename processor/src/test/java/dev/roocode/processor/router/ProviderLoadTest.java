package dev.roocode.processor.router;

import static dev.roocode.processor.router.RouterFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.ProviderState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderLoadTest {

    @Test
    void shouldMeasureTheDrainRateOfABusyProviderAgainstItsLimits() {
        // 60 RPM allowed; 15 finished in 30 s with 10 jobs queued: it drains at half its limit
        assertThat(ProviderLoad.drainFactorOf(state(15, Duration.ofSeconds(30), 10, 0), 60L, null))
                .isEqualTo(0.5);
        // TPM-bound: 600 TPM over 100 estimated tokens a job allows 6 a minute; 6 in 60 s is the full rate
        assertThat(ProviderLoad.drainFactorOf(state(6, Duration.ofSeconds(60), 4, 400), null, 600L))
                .isEqualTo(1.0);
    }

    @Test
    void shouldNotMeasureAnIdleProviderOrAShortWindow() {
        assertThat(ProviderLoad.drainFactorOf(state(3, Duration.ofSeconds(30), 1, 0), 60L, null))
                .as("1 queued < 2 s of work")
                .isEqualTo(1.0);
        assertThat(ProviderLoad.drainFactorOf(state(3, Duration.ofSeconds(10), 10, 0), 60L, null))
                .as("10 s window")
                .isEqualTo(1.0);
        assertThat(ProviderLoad.drainFactorOf(state(0, Duration.ofSeconds(30), 10, 0), null, null))
                .as("no limits")
                .isEqualTo(1.0);
    }

    @Test
    void shouldPlanParkedJobsAheadAtTheMeasuredRate() {
        ProviderLoad halfSpeed = new ProviderLoad(10, 0, 60L, null, 0, 0, false, null, 0.5);
        Candidate cheap = RouterFixtures.candidate("cheap", 1.0, halfSpeed, 0, 1);
        assertThat(cheap.load().drainTime(100, NOW))
                .as("no parked jobs ahead: the limits")
                .isEqualTo(Duration.ofSeconds(11));
        assertThat(cheap.withQueuedAhead(9, 100).load().drainTime(100, NOW))
                .isEqualTo(Duration.ofSeconds(40)); // 20 jobs at 30/min
    }

    private static ProviderState state(long finished, Duration elapsed, long backlog, long backlogTokens) {
        return ProviderState.newBuilder()
                .setProvider("p")
                .setWindowStart(NOW)
                .setUpdatedAt(NOW.plus(elapsed))
                .setRequestsInWindow(finished)
                .setBacklog(backlog)
                .setBacklogTokens(backlogTokens)
                .build();
    }
}
