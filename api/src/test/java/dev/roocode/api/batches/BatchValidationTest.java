package dev.roocode.api.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchValidationTest {
    private static final String BATCH = "batch_test";
    private static final String CHAT = "/v1/chat/completions";
    private static final String EMBEDDINGS = "/v1/embeddings";

    @TempDir
    Path dir;

    private static String chat(String id) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                + "\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    }

    private static String embedding(String id) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"e\","
                + "\"input\":\"hi\"}}";
    }

    private BatchValidation.Outcome check(String endpoint, String... lines) throws Exception {
        Path file = Files.writeString(dir.resolve("in.jsonl"), String.join("\n", lines) + "\n");
        return BatchValidation.check(file, BATCH, endpoint);
    }

    @Test
    void shouldPassAFileWhoseLinesAllCallTheBatchEndpoint() throws Exception {
        BatchValidation.Outcome outcome = check(CHAT, chat("a"), chat("b"));

        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.lines()).isEqualTo(2);
        assertThat(outcome.jobs()).isEqualTo(2);
    }

    @Test
    void shouldFailMixedEndpointsWithUrlMismatchOnTheOtherLines() throws Exception {
        BatchValidation.Outcome outcome = check(CHAT, chat("a"), embedding("b"));

        assertThat(outcome.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("url_mismatch");
            assertThat(e.line()).isEqualTo(2L);
            assertThat(e.param()).isEqualTo("url");
            assertThat(e.message()).contains("does not match the batch endpoint '/v1/chat/completions'");
        });
        assertThat(check(EMBEDDINGS, chat("a")).errors())
                .extracting(BatchValidation.LineError::code)
                .containsExactly("url_mismatch");
    }

    @Test
    void shouldNameEveryBadLineWithOpenAisCodeAndItsLineNumber() throws Exception {
        String tooLong =
                "{\"custom_id\":\"long\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                        + "\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_000_001) + "\"}]}}";
        BatchValidation.Outcome outcome = check(
                CHAT,
                chat("a"),
                "this is not json",
                chat("a"),
                chat("c").replace("/v1/chat/completions", "/v1/images/generations"),
                tooLong);

        assertThat(outcome.errors())
                .extracting(BatchValidation.LineError::code, BatchValidation.LineError::line)
                .containsExactly(
                        tuple("invalid_json_line", 2L),
                        tuple("duplicate_custom_id", 3L),
                        tuple("invalid_url", 4L),
                        tuple("line_too_long", 5L));
        assertThat(outcome.errors().get(1).message()).contains("already used on line 1");
        assertThat(outcome.errors().get(3).message()).contains("longer than the limit");
    }

    @Test
    void shouldFailAnEmptyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");

        assertThat(BatchValidation.check(file, BATCH, CHAT).errors())
                .extracting(BatchValidation.LineError::code)
                .containsExactly("empty_file");
    }
}
