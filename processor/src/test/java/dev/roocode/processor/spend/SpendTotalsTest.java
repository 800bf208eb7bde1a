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
        SpendTotal total = SpendTotals.apply("batch:b1", null, new SpendDelta(true, 0.10, 0, 0, 0), t0);
        total = SpendTotals.apply("batch:b1", total, new SpendDelta(true, 0.30, 0, 0, 0), t0);
        assertThat(total.getInFlight()).isEqualTo(2);
        assertThat(total.getInFlightUsd()).isCloseTo(0.40, Offset.offset(1e-12));

        total = SpendTotals.apply("batch:b1", total, new SpendDelta(false, 0, 0.25, 100, 50), t0.plusSeconds(1));
        assertThat(total.getInFlight()).isEqualTo(1);
        assertThat(total.getInFlightUsd()).isCloseTo(0.20, Offset.offset(1e-12));
        assertThat(total.getCostUsd()).isCloseTo(0.25, Offset.offset(1e-12));
        assertThat(total.getAttempts()).isEqualTo(1);

        total = SpendTotals.apply("batch:b1", total, new SpendDelta(false, 0, 0.25, 100, 50), t0.plusSeconds(2));
        assertThat(total.getInFlightUsd()).isZero();
        assertThat(total.getCostUsd()).isCloseTo(0.50, Offset.offset(1e-12));
        assertThat(total.getUpdatedAt()).isEqualTo(t0.plusSeconds(2));
    }

    @Test
    void shouldRoundTripDeltasThroughTheRepartitionSerde() {
        SpendDelta delta = new SpendDelta(true, 0.5, 0.25, 3, 4);
        assertThat(SpendDelta.serde().deserializer().deserialize("t", SpendDelta.serde().serializer().serialize("t", delta))).isEqualTo(delta);
    }
}
