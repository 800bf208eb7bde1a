package dev.roocode.client.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountOnlyTheLinesThatBecomeJobsAsTheBatchSize() throws Exception {
        Path input = Files.writeString(dir.resolve("mixed.jsonl"), String.join("\n",
                "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}",
                "",
                "not json",
                "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"e\",\"input\":\"y\"}}",
                "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"dup\"}]}}",
                "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{\"model\":\"d\"}}")
                + "\n", StandardCharsets.UTF_8);

        assertThat(BatchRunner.plan(input, "batch_x", Instant.now()).jobs()).isEqualTo(2);
    }

    @Test
    void shouldCountAnsweredLinesPerProviderThatServedThem() {
        BatchRunner.Tally tally = new BatchRunner.Tally();

        tally.add(result("a", ResultStatus.SUCCEEDED, "openai", List.of("openai")));
        tally.add(result("b", ResultStatus.SUCCEEDED, "vllm", List.of("openai", "vllm")));
        tally.add(result("c", ResultStatus.FAILED, null, List.of("openai")));
        tally.add(result("d", ResultStatus.FAILED, null, List.of()));

        assertThat(tally.byProvider).containsExactlyInAnyOrderEntriesOf(Map.of("openai", 2L, "vllm", 1L));
        assertThat(new BatchSummary("b", dir.resolve("out"), 5, 2, 2, 1, 0, 0, 0, 0, Duration.ZERO, tally.byProvider).withoutProvider())
                .isEqualTo(2);
    }

    private static Result result(String id, ResultStatus status, String provider, List<String> tried) {
        List<AttemptRecord> attempts = new ArrayList<>();
        for (String p : tried) {
            attempts.add(AttemptRecord.newBuilder().setProvider(p).setAttempt(attempts.size() + 1).setLatencyMs(1).build());
        }
        return Result.newBuilder().setRequestId("b/" + id).setBatchId("b").setStatus(status).setProvider(provider)
                .setAttempts(attempts).setSubmittedAt(Instant.EPOCH).setCompletedAt(Instant.EPOCH).setLatencyMs(0).build();
    }
}
