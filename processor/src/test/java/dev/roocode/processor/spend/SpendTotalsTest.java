package dev.roocode.processor.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.SpendTotal;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SpendTotalsTest {
    private final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void shouldMoveMoneyFromInFlightToSpentAsAttemptsFinish() {
        SpendTotal total = SpendTotals.apply("batch:b1", null, dispatched(0.10, t0));
        total = SpendTotals.apply("batch:b1", total, dispatched(0.30, t0));
        assertThat(total.getInFlight()).isEqualTo(2);
        assertThat(total.getInFlightUsd()).isCloseTo(0.40, Offset.offset(1e-12));

        total = SpendTotals.apply("batch:b1", total, finished(0.25, t0.plusSeconds(1)));
        assertThat(total.getInFlight()).isEqualTo(1);
        assertThat(total.getInFlightUsd()).isCloseTo(0.20, Offset.offset(1e-12));
        assertThat(total.getCostUsd()).isCloseTo(0.25, Offset.offset(1e-12));
        assertThat(total.getAttempts()).isEqualTo(1);

        total = SpendTotals.apply("batch:b1", total, finished(0.25, t0.plusSeconds(2)));
        assertThat(total.getInFlightUsd()).isZero();
        assertThat(total.getCostUsd()).isCloseTo(0.50, Offset.offset(1e-12));
        assertThat(total.getUpdatedAt()).isEqualTo(t0.plusSeconds(2));
    }

    @Test
    void shouldKeepThePreviousUpdateTimeForADeltaOfUnknownTime() {
        SpendTotal total = SpendTotals.apply("batch:b1", null, dispatched(0.10, t0));

        total = SpendTotals.apply("batch:b1", total, new SpendDelta(false, 0, 0.25, 100, 50, 0));

        assertThat(total.getCostUsd()).isCloseTo(0.25, Offset.offset(1e-12));
        assertThat(total.getUpdatedAt()).isEqualTo(t0);
        assertThat(SpendTotals.apply("batch:b2", null, new SpendDelta(true, 0.1, 0, 0, 0, 0)).getUpdatedAt()).isEqualTo(Instant.EPOCH);
    }

    private static SpendDelta dispatched(double estimatedUsd, Instant at) {
        return new SpendDelta(true, estimatedUsd, 0, 0, 0, at.toEpochMilli());
    }

    private static SpendDelta finished(double costUsd, Instant at) {
        return new SpendDelta(false, 0, costUsd, 100, 50, at.toEpochMilli());
    }
}
