package dev.roocode.processor.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReservationsTest {
    private final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void shouldAccumulateUntilANewerStateArrives() {
        Reservations reservations = new Reservations();
        reservations.reserve("a", t0, 100);
        reservations.reserve("a", t0, 50);
        assertThat(reservations.current("a", t0)).isEqualTo(new Reservation(2, 150));
        assertThat(reservations.current("b", t0)).isEqualTo(Reservation.NONE);
        assertThat(reservations.current("a", t0.plusMillis(1))).isEqualTo(Reservation.NONE);
        assertThat(reservations.current("a", t0)).as("cleared for good").isEqualTo(Reservation.NONE);
    }

    @Test
    void shouldCountReservationsMadeBeforeAnyStateAgainstTheFirstState() {
        Reservations reservations = new Reservations();
        reservations.reserve("a", null, 10);
        assertThat(reservations.current("a", null)).isEqualTo(new Reservation(1, 10));
        assertThat(reservations.current("a", t0)).isEqualTo(Reservation.NONE);
    }

    @Test
    void shouldKeepReservationsMadeAfterWhatANewerStateHasCounted() {
        Reservations reservations = new Reservations();
        reservations.reserve("a", t0, 10, t0.plusMillis(100));
        reservations.reserve("a", t0, 20, t0.plusMillis(300));
        // a state published later, but aggregated only up to a dispatch made at t0 + 200 ms
        assertThat(reservations.current("a", t0.plusMillis(200))).isEqualTo(new Reservation(1, 20));
        assertThat(reservations.current("a", t0.plusMillis(300))).isEqualTo(Reservation.NONE);
    }
}
