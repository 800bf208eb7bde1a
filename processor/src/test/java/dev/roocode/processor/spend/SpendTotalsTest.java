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

        total = SpendTotals.apply("batch:b1", total, SpendDelta.finish(0.25, 100, 50, 0));

        assertThat(total.getCostUsd()).isCloseTo(0.25, Offset.offset(1e-12));
        assertThat(total.getUpdatedAt()).isEqualTo(t0);
        assertThat(SpendTotals.apply("batch:b2", null, SpendDelta.dispatch(0.1, 0))
                        .getUpdatedAt())
                .isEqualTo(Instant.EPOCH);
    }

    @Test
    void shouldFoldASumLikeItsEventsDispatchesFirst() {
        SpendTotal before = SpendTotals.apply("batch:b1", null, dispatched(0.20, t0));
        SpendDelta[] events = {
            dispatched(0.40, t0.plusSeconds(1)), finished(0.25, t0.plusSeconds(2)), finished(0.15, t0.plusSeconds(3))
        };

        SpendTotal oneByOne = before;
        for (SpendDelta event : events) {
            oneByOne = SpendTotals.apply("batch:b1", oneByOne, event);
        }
        SpendTotal summed =
                SpendTotals.apply("batch:b1", before, events[0].plus(events[1]).plus(events[2]));

        assertThat(summed.getInFlight()).isEqualTo(oneByOne.getInFlight()).isEqualTo(0);
        assertThat(summed.getInFlightUsd()).isZero();
        assertThat(summed.getCostUsd())
                .isCloseTo(oneByOne.getCostUsd(), Offset.offset(1e-12))
                .isCloseTo(0.40, Offset.offset(1e-12));
        assertThat(summed.getAttempts()).isEqualTo(oneByOne.getAttempts()).isEqualTo(2);
        assertThat(summed.getInputTokens()).isEqualTo(oneByOne.getInputTokens()).isEqualTo(200);
        assertThat(summed.getUpdatedAt()).isEqualTo(oneByOne.getUpdatedAt()).isEqualTo(t0.plusSeconds(3));
    }

    @Test
    void shouldTakeTheMeanInFlightCostOffForEachFinishOfASum() {
        SpendTotal total = SpendTotals.apply(
                "batch:b1",
                null,
                dispatched(0.10, t0).plus(dispatched(0.20, t0)).plus(dispatched(0.30, t0)));

        total = SpendTotals.apply("batch:b1", total, finished(0.05, t0).plus(finished(0.05, t0)));

        assertThat(total.getInFlight()).isEqualTo(1);
        assertThat(total.getInFlightUsd()).as("0.60 less two means of 0.20").isCloseTo(0.20, Offset.offset(1e-12));
    }

    private static SpendDelta dispatched(double estimatedUsd, Instant at) {
        return SpendDelta.dispatch(estimatedUsd, at.toEpochMilli());
    }

    private static SpendDelta finished(double costUsd, Instant at) {
        return SpendDelta.finish(costUsd, 100, 50, at.toEpochMilli());
    }
}
