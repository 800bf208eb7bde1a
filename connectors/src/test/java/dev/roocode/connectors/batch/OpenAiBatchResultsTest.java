package dev.roocode.connectors.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.sandbox.junit.SharedFiles;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output and error files, real ones from ../shared/batch-files and the cases OpenAI documents, into outcomes. */
class OpenAiBatchResultsTest {

    private final Map<String, LineOutcome> outcomes = new HashMap<>();

    @Test
    void shouldParseEveryLineOfARealChatOutputFile() throws Exception {
        int skipped = read("zgimszhd61--output.jsonl", JobKind.CHAT);

        assertThat(skipped).isZero();
        assertThat(outcomes).hasSize(45).containsKey("request-1");
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o).isInstanceOf(LineOutcome.Succeeded.class));
        LineOutcome.Succeeded first = (LineOutcome.Succeeded) outcomes.get("request-1");
        assertThat(first.output().getChoices().get(0).getMessage().getContent()).startsWith("\u5927\u5bb6\u597d");
        assertThat(first.output().getUsage()).isNotNull();
    }

    @Test
    void shouldReadErrorLinesWithAnIntegerCodeAndNoFinalNewline() throws Exception {
        read("langbatch--chat_completion_batch_results.jsonl", JobKind.CHAT);

        assertThat(outcomes).containsOnlyKeys("req-1", "req-2", "req-3", "req-4");
        assertThat(outcomes.get("req-1")).isInstanceOf(LineOutcome.Succeeded.class);
        assertThat(outcomes.get("req-3")).isInstanceOfSatisfying(LineOutcome.Failed.class, failed -> {
            assertThat(failed.error().errorClass()).isEqualTo(ErrorClass.PROVIDER_ERROR);
            assertThat(failed.error().message()).contains("(500)").contains("json_format with no json");
        });
    }

    @Test
    void shouldParseARealEmbeddingsOutputFile() throws Exception {
        read("langbatch--embedding_batch_results.jsonl", JobKind.EMBEDDING);

        assertThat(outcomes)
                .hasSize(3)
                .allSatisfy((id, outcome) -> assertThat(outcome)
                        .isInstanceOfSatisfying(
                                LineOutcome.Succeeded.class,
                                s -> assertThat(s.output()
                                                .getEmbeddings()
                                                .get(0)
                                                .getVector())
                                        .hasSize(1536)));
    }

    @Test
    void shouldClassifyErrorResponsesExpiredAndCancelledLinesAndSkipLinesThatCannotBeMapped() {
        String file = """
                {"id":"r1","custom_id":"bad","response":{"status_code":400,"request_id":"x","body":{"error":{"message":"Invalid 'messages'","type":"invalid_request_error","param":"messages","code":null}}},"error":null}
                {"id":"r2","custom_id":"busy","response":{"status_code":429,"request_id":"y","body":{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}},"error":null}
                {"id":"r3","custom_id":"late","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}
                {"id":"r4","custom_id":"stopped","response":null,"error":{"code":"batch_cancelled","message":"This request was not executed because the batch was cancelled."}}
                {"id":"r5","custom_id":"cut","response":{"status_code":200,"request_id":"z","body":{"id":"chatcmpl-1","object":"chat.completion"}},"error":null}
                {"id":"r6","response":null,"error":{"code":"x","message":"no custom id"}}
                {"id":"r7","custom_id":"truncated","response":{"status_code":200,"body":{"id":"chat
                {"id":"r8","custom_id":"late","response":{"status_code":200,"request_id":"w","body":{}},"error":null}
                """;

        int skipped = OpenAiBatchResults.read(
                file.getBytes(StandardCharsets.UTF_8), JobKind.CHAT, ProviderAdapters.forType("openai"), outcomes);

        assertThat(skipped).isEqualTo(2);
        assertThat(outcomes).containsOnlyKeys("bad", "busy", "late", "stopped", "cut");
        assertThat(error("bad").errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
        assertThat(error("bad").elsewhere()).isFalse();
        assertThat(error("busy").errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(error("late").errorClass())
                .as("first outcome of a custom id wins")
                .isEqualTo(ErrorClass.TIMEOUT);
        assertThat(error("late").elsewhere()).isTrue();
        assertThat(error("stopped").errorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
        assertThat(error("stopped").elsewhere()).isTrue();
        assertThat(error("cut").errorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE);
    }

    private dev.roocode.connectors.provider.ProviderError error(String customId) {
        return ((LineOutcome.Failed) outcomes.get(customId)).error();
    }

    private int read(String name, JobKind kind) throws Exception {
        byte[] file = Files.readAllBytes(SharedFiles.batchFile("outputs/" + name));
        return OpenAiBatchResults.read(file, kind, ProviderAdapters.forType("openai"), outcomes);
    }
}
