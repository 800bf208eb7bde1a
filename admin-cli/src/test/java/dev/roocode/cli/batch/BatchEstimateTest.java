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

        BatchEstimate estimate = estimate(samples, 1000L);

        assertThat(estimate.recent()).isTrue();
        assertThat(estimate.jobsPerSecond()).isEqualTo(10.0);
        assertThat(estimate.eta()).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void shouldIgnoreSamplesOlderThanTheWindow() {
        List<BatchStatus> samples = List.of(status(10, 0), status(100, 100), status(130, 110));

        assertThat(estimate(samples, null).jobsPerSecond()).isEqualTo(3.0);
    }

    @Test
    void shouldFallBackToTheRateSinceTheFirstResultWhenOnlyTheLatestIsLeft() {
        BatchEstimate estimate = estimate(List.of(status(50, 25)), 100L);

        assertThat(estimate.recent()).isFalse();
        assertThat(estimate.jobsPerSecond()).isEqualTo(2.0);
        assertThat(estimate.eta()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void shouldSayDoneWhenEveryJobFinishedAndUnknownWithoutATotal() {
        assertThat(estimate(List.of(status(100, 25)), 100L).eta()).isZero();
        assertThat(BatchView.eta(estimate(List.of(status(100, 25)), 100L))).isEqualTo("done");
        assertThat(estimate(List.of(status(50, 25)), null).eta()).isNull();
    }

    @Test
    void shouldHaveNoEtaBeforeARateCanBeMeasured() {
        BatchEstimate estimate = estimate(List.of(status(1, 0)), 10L);

        assertThat(estimate.jobsPerSecond()).isZero();
        assertThat(estimate.eta()).isNull();
        assertThat(BatchView.eta(estimate)).isEqualTo("--");
    }

    @Test
    void shouldSayTheEtaIsUnknownWhenNoResultCameForTenTimesTheBatchsMeanGap() {
        // 100 jobs in 99 s: a result a second, so two minutes without one is a stop, not a slow patch
        List<BatchStatus> samples = List.of(status(90, 89), status(100, 99));
        Instant twoMinutesLater = T0.plusSeconds(99 + 120);

        BatchEstimate estimate = BatchEstimate.of(samples, 1000L, twoMinutesLater);

        assertThat(estimate.eta()).isNull();
        assertThat(estimate.silentFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(BatchView.eta(estimate)).isEqualTo("unknown (no results for 2m)");
        assertThat(BatchView.toNode(samples.get(1), estimate)
                        .get("silentForSeconds")
                        .asLong())
                .isEqualTo(120);
        assertThat(BatchView.toNode(samples.get(1), estimate).get("etaSeconds").isNull())
                .isTrue();
    }

    @Test
    void shouldKeepTheEtaWhileTheSilenceFitsTheBatchsPace() {
        // fast batch, 20 s without a result: under the 30 s floor
        assertThat(BatchEstimate.of(List.of(status(90, 89), status(100, 99)), 1000L, T0.plusSeconds(99 + 20))
                        .eta())
                .isEqualTo(Duration.ofSeconds(900));
        // slow batch, a result every 100 s: 5 minutes without one is still its pace (10 gaps = 1000 s)
        BatchEstimate slow = BatchEstimate.of(List.of(status(10, 900)), 20L, T0.plusSeconds(900 + 300));
        assertThat(slow.silentFor()).isNull();
        assertThat(slow.eta()).isNotNull();
        // ... and 20 minutes is not
        assertThat(BatchEstimate.of(List.of(status(10, 900)), 20L, T0.plusSeconds(900 + 1200))
                        .eta())
                .isNull();
    }

    @Test
    void shouldSayDoneForAFinishedBatchHoweverLongAgoItsLastResultCame() {
        BatchEstimate estimate = BatchEstimate.of(List.of(status(100, 25)), 100L, T0.plus(Duration.ofDays(3)));

        assertThat(estimate.silentFor()).isNull();
        assertThat(BatchView.eta(estimate)).isEqualTo("done");
    }

    @Test
    void shouldPrintSilencesInTheirLargestUnits() {
        assertThat(BatchView.silence(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(BatchView.silence(Duration.ofSeconds(150))).isEqualTo("2m");
        assertThat(BatchView.silence(Duration.ofMinutes(65))).isEqualTo("1h05m");
        assertThat(BatchView.silence(Duration.ofHours(76))).isEqualTo("3d4h");
    }

    /** The estimate right after the last sample's result. */
    private static BatchEstimate estimate(List<BatchStatus> samples, Long total) {
        return BatchEstimate.of(samples, total, samples.get(samples.size() - 1).getUpdatedAt());
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
