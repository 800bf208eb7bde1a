package dev.roocode.processor.finalizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchAccountantTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    /** The running total, as the topology's aggregation keeps it (null before the batch's first Result). */
    private BatchStatus total;

    @Test
    void shouldCountJobsPerProviderAndLeaveOutJobsThatReachedNone() {
        account(served(result("b1", ResultStatus.SUCCEEDED, T0, null), "openai"));
        account(served(result("b1", ResultStatus.FAILED, T0, null), "openai"));
        account(served(result("b1", ResultStatus.SUCCEEDED, T0, null), "anthropic"));
        account(result("b1", ResultStatus.FAILED, T0, null));

        assertThat(total.getByProvider()).containsExactlyInAnyOrderEntriesOf(Map.of("openai", 2L, "anthropic", 1L));
        assertThat(total.getSucceeded() + total.getFailed()).isEqualTo(4);
    }

    private static Result served(Result result, String provider) {
        result.setProvider(provider);
        return result;
    }

    @Test
    void shouldRecordTheBatchSizeThatTheJobsCarry() {
        account(result("b1", ResultStatus.SUCCEEDED, T0, "3"));
        account(result("b1", ResultStatus.FAILED, T0.plusSeconds(2), "3"));

        assertThat(total.getBatchId()).isEqualTo("b1");
        assertThat(total.getTotal()).isEqualTo(3L);
        assertThat(total.getSucceeded()).isEqualTo(1);
        assertThat(total.getFailed()).isEqualTo(1);
        assertThat(total.getFirstResultAt()).isEqualTo(T0);
        assertThat(total.getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void shouldKeepAKnownTotalWhenALaterResultDoesNotSayIt() {
        account(result("b1", ResultStatus.SUCCEEDED, T0, "5"));
        account(result("b1", ResultStatus.SUCCEEDED, T0.plusSeconds(1), null));

        assertThat(total.getTotal()).isEqualTo(5L);
        assertThat(total.getSucceeded()).isEqualTo(2);
    }

    @Test
    void shouldLeaveTheTotalUnknownWithoutTheKey() {
        account(result("b1", ResultStatus.SUCCEEDED, T0, null));

        assertThat(total.getTotal()).isNull();
    }

    @Test
    void shouldNotChangeTheTotalOrTheDeltaItAdds() {
        account(result("b1", ResultStatus.SUCCEEDED, T0, "3"));
        BatchStatus first = total;
        BatchStatus delta = BatchAccountant.deltaOf(result("b1", ResultStatus.FAILED, T0.plusSeconds(1), "3"));

        total = BatchAccountant.add(first, delta);

        assertThat(first.getFailed()).isZero();
        assertThat(delta.getSucceeded()).isZero();
        assertThat(total.getFailed()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreABatchSizeThatIsNotANonNegativeNumber() {
        assertThat(BatchAccountant.batchSize(Map.of(BatchLineCodec.METADATA_BATCH_SIZE, "many")))
                .isNull();
        assertThat(BatchAccountant.batchSize(Map.of(BatchLineCodec.METADATA_BATCH_SIZE, "-1")))
                .isNull();
        assertThat(BatchAccountant.batchSize(Map.of(BatchLineCodec.METADATA_BATCH_SIZE, " 12 ")))
                .isEqualTo(12L);
        assertThat(BatchAccountant.batchSize(Map.of())).isNull();
    }

    private void account(Result result) {
        total = BatchAccountant.add(total, BatchAccountant.deltaOf(result));
    }

    private static Result result(String batchId, ResultStatus status, Instant completedAt, String batchSize) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(BatchLineCodec.METADATA_CUSTOM_ID, "c-" + completedAt.toEpochMilli());
        if (batchSize != null) {
            metadata.put(BatchLineCodec.METADATA_BATCH_SIZE, batchSize);
        }
        return Result.newBuilder()
                .setRequestId(batchId + "/" + metadata.get(BatchLineCodec.METADATA_CUSTOM_ID))
                .setBatchId(batchId)
                .setStatus(status)
                .setMetadata(metadata)
                .setSubmittedAt(T0.minusSeconds(1))
                .setCompletedAt(completedAt)
                .setLatencyMs(1000)
                .build();
    }
}
