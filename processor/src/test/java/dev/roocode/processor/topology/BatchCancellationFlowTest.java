package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.T0;
import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.failed;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cancelled batch's jobs not yet dispatched (new, parked, or failed over) get a FAILED CANCELLED Result instead of a
 * provider call; other batches go on. cheap takes 60 requests a minute, so jobs due in 10 minutes beyond its first 5
 * park (5 s horizon).
 */
class BatchCancellationFlowTest {
    private static final Duration PASS = Duration.ofMillis(200);

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, new Deferral(Duration.ofSeconds(5), PASS, Duration.ofSeconds(2)));
        ProviderConfig limited = provider("cheap", 0.15, ProviderStatus.ACTIVE);
        limited.setLimits(ProviderLimits.newBuilder().setRpm(60L).build());
        harness.addProviders(limited, provider("pricey", 2.50, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldAnswerNewJobsOfACancelledBatchWithCancelledResultsAndLeaveOtherBatchesAlone() {
        cancel("b1", "interrupted");
        harness.submit(chatJob("r1", "b1"));
        harness.submit(chatJob("r2", "b2"));

        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r2");
        assertThat(harness.read("roocode.results", Result.class))
                .singleElement()
                .satisfies(result -> {
                    assertThat(result.getRequestId()).isEqualTo("r1");
                    assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
                    assertThat(result.getError().getErrorClass()).isEqualTo(ErrorClass.CANCELLED);
                    assertThat(result.getError().getMessage()).isEqualTo("batch b1 was cancelled (interrupted)");
                });
        harness.submit(chatJob("r1", "b1"));
        assertThat(harness.read("roocode.results", Result.class))
                .as("a resubmission is still answered once")
                .isEmpty();
    }

    @Test
    void shouldAnswerParkedJobsOfACancelledBatchWithoutWaitingForTheirRelease() {
        for (int i = 0; i < 8; i++) {
            harness.submit(due(chatJob("a" + i, "b1"), Duration.ofMinutes(10).plusSeconds(i)));
            harness.submit(due(chatJob("c" + i, "b2"), Duration.ofMinutes(10).plusSeconds(i)));
        }
        List<DispatchedJob> dispatched = harness.read("roocode.dispatch.cheap", DispatchedJob.class);
        assertThat(dispatched).hasSize(5);
        assertThat(harness.read("roocode.results", Result.class)).isEmpty();

        cancel("b1", null);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<Result> results = harness.read("roocode.results", Result.class);
        long b1Dispatched = dispatched.stream()
                .filter(d -> d.getJob().getBatchId().equals("b1"))
                .count();
        assertThat(results).hasSize((int) (8 - b1Dispatched)).allSatisfy(result -> {
            assertThat(result.getBatchId()).isEqualTo("b1");
            assertThat(result.getError().getErrorClass()).isEqualTo(ErrorClass.CANCELLED);
            assertThat(result.getError().getMessage()).isEqualTo("batch b1 was cancelled");
        });
        harness.driver.advanceWallClockTime(Duration.ofMinutes(11));
        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class))
                .as("only b2's parked jobs are ever released")
                .allSatisfy(d -> assertThat(d.getJob().getBatchId()).isEqualTo("b2"));
        assertThat(harness.read("roocode.results", Result.class)).isEmpty();
    }

    @Test
    void shouldNotFailOverAJobWhoseBatchWasCancelledDuringItsAttempt() {
        harness.submit(chatJob("r1", "b1"));
        DispatchedJob dispatched =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        cancel("b1", "stopped by ops");
        harness.pipe("roocode.fallback", "r1", failed(dispatched, ErrorClass.PROVIDER_UNAVAILABLE, 503));

        assertThat(harness.read("roocode.dispatch.pricey", DispatchedJob.class)).isEmpty();
        assertThat(harness.read("roocode.results", Result.class))
                .singleElement()
                .satisfies(result -> {
                    assertThat(result.getError().getErrorClass()).isEqualTo(ErrorClass.CANCELLED);
                    assertThat(result.getAttempts()).hasSize(1);
                });
    }

    @Test
    void shouldFinishAJobAWorkerSkippedAsCancelledAndCountItAsFailedInItsBatch() {
        harness.submit(chatJob("r1", "b1"));
        DispatchedJob dispatched =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        AttemptFailed skipped = failed(dispatched, ErrorClass.CANCELLED, 0);
        skipped.getAttempt().setHttpStatus(null);
        skipped.setRetryable(false);
        skipped.setError(ErrorInfo.newBuilder()
                .setErrorClass(ErrorClass.CANCELLED)
                .setMessage("batch b1 was cancelled")
                .setProvider("cheap")
                .build());
        harness.pipe("roocode.fallback", "r1", skipped);

        assertThat(harness.read("roocode.dispatch.pricey", DispatchedJob.class)).isEmpty();
        assertThat(harness.read("roocode.results", Result.class))
                .singleElement()
                .satisfies(result -> assertThat(result.getError().getMessage()).isEqualTo("batch b1 was cancelled"));
        harness.flushDeltas();
        assertThat(harness.read("roocode.batches", BatchStatus.class))
                .last()
                .satisfies(status -> assertThat(status.getFailed()).isEqualTo(1));
    }

    private void cancel(String batchId, String reason) {
        harness.pipe(
                "roocode.batch-cancellations",
                batchId,
                BatchCancellation.newBuilder()
                        .setBatchId(batchId)
                        .setReason(reason)
                        .setCancelledAt(T0)
                        .build());
    }

    private static Job due(Job job, Duration in) {
        job.getRouting().setDeadline(T0.plus(in));
        return job;
    }
}
