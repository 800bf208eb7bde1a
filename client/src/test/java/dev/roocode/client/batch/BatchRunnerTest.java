package dev.roocode.client.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchFileReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountOnlyTheLinesThatBecomeJobsAsTheBatchSize() throws Exception {
        Path input = Files.writeString(
                dir.resolve("mixed.jsonl"),
                String.join(
                                "\n",
                                "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}",
                                "",
                                "not json",
                                "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"e\",\"input\":\"y\"}}",
                                "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"dup\"}]}}",
                                "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{\"model\":\"d\"}}")
                        + "\n",
                StandardCharsets.UTF_8);

        BatchInput checked = BatchInput.check(input, "batch_x", BatchFileReader.DEFAULT_MAX_LINE_BYTES);
        assertThat(checked.jobs()).isEqualTo(2);
        assertThat(checked.lines()).isEqualTo(5);
        assertThat(checked.firstInvalid().lineNumber()).isEqualTo(3);
        assertThat(checked.binary()).isFalse();
    }

    @Test
    void shouldCheckAFileWithABrokenByteAnOversizeLineAndAnUnusableIdWithoutFailing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(line("a", "x").getBytes(StandardCharsets.UTF_8));
        String latin1 = line("latin-1", "caf\u00e9");
        bytes.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1)); // 'é' as one byte: not UTF-8
        bytes.writeBytes(line("big", "y".repeat(2_000)).getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(line("tab\\there", "z").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(line("b", "w").getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("bad-bytes.jsonl"), bytes.toByteArray());

        BatchInput checked = BatchInput.check(input, "batch_x", 1_000);

        assertThat(checked.lines()).isEqualTo(5);
        assertThat(checked.jobs()).isEqualTo(2);
        assertThat(checked.firstInvalid().lineNumber()).isEqualTo(2);
        assertThat(checked.firstInvalid().message()).isEqualTo("line is not valid UTF-8");
    }

    @Test
    void shouldSayAFileWithNulBytesIsBinary() throws Exception {
        Path input = Files.write(
                dir.resolve("image.jsonl"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});

        BatchInput checked = BatchInput.check(input, "batch_x", BatchFileReader.DEFAULT_MAX_LINE_BYTES);

        assertThat(checked.binary()).isTrue();
        assertThat(checked.jobs()).isZero();
    }

    private static String line(String customId, String content) {
        return "{\"custom_id\":\"" + customId
                + "\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{\"model\":\"m\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}}\n";
    }

    @Test
    void shouldStopWaitingWhenInterruptedAndWriteTheLinesWithoutAResultAsCancelled() throws Exception {
        BatchRunner runner = new BatchRunner(null);
        HashMap<String, Integer> pending = new HashMap<>(Map.of("batch_x/a", 0, "batch_x/b", 1, "batch_x/c", 2));
        List<String> lines = new ArrayList<>(Arrays.asList(null, null, null));
        BatchRunner.Submission submission = new BatchRunner.Submission("batch_x", Instant.now(), lines, pending, 0);
        Result answered = Result.newBuilder()
                .setRequestId("batch_x/a")
                .setBatchId("batch_x")
                .setStatus(ResultStatus.FAILED)
                .setError(dev.roocode.schemas.avro.ErrorInfo.newBuilder()
                        .setErrorClass(dev.roocode.schemas.avro.ErrorClass.TIMEOUT)
                        .setMessage("slow")
                        .build())
                .setSubmittedAt(Instant.now())
                .setCompletedAt(Instant.now())
                .setLatencyMs(1)
                .build();
        int[] polls = {0};
        Path output = dir.resolve("out.jsonl");
        long start = System.nanoTime();

        BatchSummary summary = runner.collect(
                submission,
                timeout -> {
                    if (++polls[0] == 1) {
                        return List.of(answered);
                    }
                    runner.interrupt(
                            "run interrupted; batch batch_x was cancelled"); // as the Ctrl-C hook does, from its thread
                    return List.of();
                },
                output,
                Duration.ofSeconds(20),
                BatchProgress.NONE);

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("no wait for the timeout")
                .isLessThan(Duration.ofSeconds(15));
        assertThat(summary.failed()).isEqualTo(1);
        List<dev.roocode.schemas.batch.BatchOutputLine> written =
                dev.roocode.schemas.batch.BatchOutputReader.read(output);
        assertThat(written)
                .extracting(dev.roocode.schemas.batch.BatchOutputLine::customId)
                .containsExactly("a", "b", "c");
        assertThat(written.get(0).error().code()).isEqualTo("timeout");
        assertThat(written.subList(1, 3)).allSatisfy(line -> {
            assertThat(line.error().code()).isEqualTo("cancelled");
            assertThat(line.error().message()).isEqualTo("run interrupted; batch batch_x was cancelled");
        });
        assertThat(runner.interrupted()).isTrue();
    }

    @Test
    void shouldCountAnsweredLinesPerProviderThatServedThem() {
        BatchRunner.Tally tally = new BatchRunner.Tally();

        tally.add(result("a", ResultStatus.SUCCEEDED, "openai", List.of("openai")));
        tally.add(result("b", ResultStatus.SUCCEEDED, "vllm", List.of("openai", "vllm")));
        tally.add(result("c", ResultStatus.FAILED, null, List.of("openai")));
        tally.add(result("d", ResultStatus.FAILED, null, List.of()));

        assertThat(tally.byProvider).containsExactlyInAnyOrderEntriesOf(Map.of("openai", 2L, "vllm", 1L));
        assertThat(new BatchSummary("b", dir.resolve("out"), 5, 2, 2, 1, 0, 0, 0, 0, Duration.ZERO, tally.byProvider)
                        .withoutProvider())
                .isEqualTo(2);
    }

    private static Result result(String id, ResultStatus status, String provider, List<String> tried) {
        List<AttemptRecord> attempts = new ArrayList<>();
        for (String p : tried) {
            attempts.add(AttemptRecord.newBuilder()
                    .setProvider(p)
                    .setAttempt(attempts.size() + 1)
                    .setLatencyMs(1)
                    .build());
        }
        return Result.newBuilder()
                .setRequestId("b/" + id)
                .setBatchId("b")
                .setStatus(status)
                .setProvider(provider)
                .setAttempts(attempts)
                .setSubmittedAt(Instant.EPOCH)
                .setCompletedAt(Instant.EPOCH)
                .setLatencyMs(0)
                .build();
    }
}
