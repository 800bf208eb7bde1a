package dev.roocode.client.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

        assertThat(BatchRunner.countJobs(input, "batch_x", Instant.now())).isEqualTo(2);
    }
}
