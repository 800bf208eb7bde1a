package dev.roocode.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseResultTest {
    @Test
    void shouldMeetTargetsOnlyWithNothingLostOrRepeatedBeyondTheBound() {
        assertThat(new CaseResult("kill", 100, 100, 0, 32, 32, 12.0, 10, "").targetsMet())
                .isTrue();
        assertThat(new CaseResult("kill", 100, 99, 0, 0, 32, 12.0, 10, "").targetsMet())
                .isFalse();
        assertThat(new CaseResult("kill", 100, 100, 1, 0, 32, 12.0, 10, "").targetsMet())
                .isFalse();
        assertThat(new CaseResult("kill", 100, 100, 0, 33, 32, 12.0, 10, "").targetsMet())
                .isFalse();
        assertThat(new CaseResult("kill", 100, 100, 0, 0, 32, 61.0, 10, "").targetsMet())
                .isFalse();
        assertThat(new CaseResult("resets", 100, 100, 0, 500, -1, Double.NaN, 0, "").targetsMet())
                .isTrue();
    }

    @Test
    void shouldMeetDeliveryGuaranteesWhateverTheRecoveryTime() {
        assertThat(new CaseResult("kill", 100, 100, 0, 32, 32, 75.0, 60, "").deliveryMet())
                .isTrue();
        assertThat(new CaseResult("kill", 100, 100, 0, 32, 32, 75.0, 60, "").targetsMet())
                .isFalse();
        assertThat(new CaseResult("kill", 100, 99, 0, 0, 32, 12.0, 10, "").deliveryMet())
                .isFalse();
        assertThat(new CaseResult("kill", 100, 100, 1, 0, 32, 12.0, 10, "").deliveryMet())
                .isFalse();
        assertThat(new CaseResult("kill", 100, 100, 0, 33, 32, 12.0, 10, "").deliveryMet())
                .isFalse();
        assertThat(new CaseResult("resets", 100, 100, 0, 500, -1, Double.NaN, 0, "").deliveryMet())
                .isTrue();
    }
}
