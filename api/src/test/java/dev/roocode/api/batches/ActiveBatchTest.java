package dev.roocode.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.client.batch.BatchRunner.Submission;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchOutputWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActiveBatchTest {
    private static final String ID = "batch_x";

    private static Result failed(String customId) {
        return Result.newBuilder()
                .setRequestId(ID + "/" + customId)
                .setBatchId(ID)
                .setStatus(ResultStatus.FAILED)
                .setMetadata(Map.of("custom_id", customId))
                .setError(ErrorInfo.newBuilder()
                        .setErrorClass(ErrorClass.TIMEOUT)
                        .setMessage("slow")
                        .build())
                .setSubmittedAt(Instant.EPOCH)
                .setCompletedAt(Instant.EPOCH)
                .setLatencyMs(1)
                .build();
    }

    /** Lines a, b (jobs) and an invalid third line. */
    private static Submission submission() {
        List<String> lines = new ArrayList<>(Arrays.asList(null, null, BatchOutputWriter.errorLine("c", "x", "bad")));
        return new Submission(ID, Instant.EPOCH, lines, Map.of(ID + "/a", 0, ID + "/b", 1), 1);
    }

    @Test
    void shouldCountAnAnswerReadBeforeTheSubmissionReturnedAndKeepEachLineOnce() {
        ActiveBatch batch = new ActiveBatch(ID);
        batch.answer(failed("a"));
        batch.answer(failed("a"));
        batch.submitted(submission());

        assertThat(batch.claimIfComplete()).isFalse();
        assertThat(batch.counts()).containsExactly(3, 0, 2);

        batch.answer(failed("b"));
        batch.answer(failed("b"));

        assertThat(batch.claimIfComplete()).isTrue();
        assertThat(batch.claimIfComplete()).as("claimed once").isFalse();
        ActiveBatch.Lines lines = batch.lines("batch_expired", "late");
        assertThat(lines.output()).isEmpty();
        assertThat(lines.errors()).hasSize(3);
        assertThat(lines.errors().get(0)).contains("\"custom_id\":\"a\"");
        assertThat(lines.errors().get(2)).contains("\"custom_id\":\"c\"");
    }

    @Test
    void shouldTurnLinesStillUnansweredIntoErrorLinesWithTheGivenCode() {
        ActiveBatch batch = new ActiveBatch(ID);
        batch.submitted(submission());
        batch.answer(failed("a"));

        assertThat(batch.claim()).isTrue();
        ActiveBatch.Lines lines = batch.lines("batch_expired", "window passed");

        assertThat(lines.errors()).hasSize(3);
        assertThat(lines.errors().get(1)).contains("\"custom_id\":\"b\"").contains("batch_expired");
        assertThat(batch.claimIfComplete()).isFalse();
    }

    @Test
    void shouldGiveTheErrorLinesSoFarOfRefusedLinesAndFailedAnswersWhileItRuns() {
        ActiveBatch batch = new ActiveBatch(ID);
        assertThat(batch.failedLines()).isEmpty();
        batch.submitted(submission());
        batch.answer(failed("a"));

        assertThat(FailureReasons.count(batch.failedLines()))
                .containsExactly(Map.entry("timeout", 1L), Map.entry("x", 1L));
    }
}
