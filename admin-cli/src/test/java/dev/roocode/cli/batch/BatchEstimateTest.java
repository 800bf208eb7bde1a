package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchEstimateTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void shouldMeasureTheRateOverTheLastMinuteOfResults() {
        // 100 jobs in the first 100 s, then 100 more in the next 10 s: the recent pace is 10 jobs/s
        List<BatchStatus> samples = List.of(status(100, 100), status(150, 105), status(200, 110));

        BatchEstimate estimate = BatchEstimate.of(samples, 1000L);

        assertThat(estimate.recent()).isTrue();
        assertThat(estimate.jobsPerSecond()).isEqualTo(10.0);
        assertThat(estimate.eta()).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void shouldIgnoreSamplesOlderThanTheWindow() {
        List<BatchStatus> samples = List.of(status(10, 0), status(100, 100), status(130, 110));

        assertThat(BatchEstimate.of(samples, null).jobsPerSecond()).isEqualTo(3.0);
    }

    @Test
    void shouldFallBackToTheRateSinceTheFirstResultWhenOnlyTheLatestIsLeft() {
        BatchEstimate estimate = BatchEstimate.of(List.of(status(50, 25)), 100L);

        assertThat(estimate.recent()).isFalse();
        assertThat(estimate.jobsPerSecond()).isEqualTo(2.0);
        assertThat(estimate.eta()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void shouldSayDoneWhenEveryJobFinishedAndUnknownWithoutATotal() {
        assertThat(BatchEstimate.of(List.of(status(100, 25)), 100L).eta()).isZero();
        assertThat(BatchView.eta(BatchEstimate.of(List.of(status(100, 25)), 100L))).isEqualTo("done");
        assertThat(BatchEstimate.of(List.of(status(50, 25)), null).eta()).isNull();
    }

    @Test
    void shouldHaveNoEtaBeforeARateCanBeMeasured() {
        BatchEstimate estimate = BatchEstimate.of(List.of(status(1, 0)), 10L);

        assertThat(estimate.jobsPerSecond()).isZero();
        assertThat(estimate.eta()).isNull();
        assertThat(BatchView.eta(estimate)).isEqualTo("--");
    }

    /** A status of batch b with {@code done} jobs finished (a fifth failed), the last {@code seconds} after the first result. */
    private static BatchStatus status(long done, long seconds) {
        return BatchStatus.newBuilder()
                .setBatchId("b")
                .setSucceeded(done - done / 5)
                .setFailed(done / 5)
                .setFirstResultAt(T0)
                .setUpdatedAt(T0.plusSeconds(seconds))
                .build();
    }
}
