package dev.roocode.connectors.provider.openaicompatible;

import static dev.roocode.connectors.TestJobs.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompatibleResponseMapperTest {
    private static final String TYPE = "openai-compatible";
    private final OpenAiCompatibleAdapter adapter = new OpenAiCompatibleAdapter();

    private static HttpAnswer ok(String fixture) {
        return new HttpAnswer(200, Map.of("x-request-id", List.of("req-xyz")), fixture(TYPE, fixture));
    }

    @Test
    void shouldParseOpenAiChatCompletion() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-basic.response.json"));

        Choice choice = output.getChoices().get(0);
        assertThat(choice.getMessage().getRole()).isEqualTo("assistant");
        assertThat(choice.getMessage().getContent()).isEqualTo("Hello! How can I assist you today?");
        assertThat(choice.getFinishReason()).isEqualTo("stop");
        assertThat(output.getUsage()).isEqualTo(new Usage(19L, 10L, 29L));
        assertThat(output.getProviderRequestId()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(output.getCreated()).isEqualTo(1741569952L);
        assertThat(output.getEmbeddings()).isEmpty();
    }

    @Test
    void shouldParseTgiAnswerWithNullToolCallsAndEmptyId() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("tgi-chat-length.response.json"));

        Choice choice = output.getChoices().get(0);
        assertThat(choice.getMessage().getContent()).startsWith("As of your last question");
        assertThat(choice.getMessage().getToolCallsJson()).isNull();
        assertThat(choice.getFinishReason()).isEqualTo("length");
        assertThat(output.getUsage()).isEqualTo(new Usage(61L, 100L, 161L));
        assertThat(output.getProviderRequestId()).as("empty id falls back to x-request-id").isEqualTo("req-xyz");
    }

    @Test
    void shouldKeepToolCallsAsJsonText() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-tool-calls.response.json"));

        Choice choice = output.getChoices().get(0);
        assertThat(choice.getFinishReason()).isEqualTo("tool_calls");
        assertThat(choice.getMessage().getContent()).isNull();
        assertThat(choice.getMessage().getToolCallsJson()).contains("\"get_current_weather\"").startsWith("[");
    }

    @Test
    void shouldParseEmbeddings() {
        ProviderOutput output = adapter.parse(JobKind.EMBEDDING, ok("embeddings.response.json"));

        assertThat(output.getEmbeddings()).hasSize(2);
        assertThat(output.getEmbeddings().get(1).getIndex()).isEqualTo(1);
        assertThat(output.getEmbeddings().get(1).getVector()).containsExactly(0.5f, 0.25f, -1.0f);
        assertThat(output.getUsage()).isEqualTo(new Usage(8L, 0L, 8L));
        assertThat(output.getChoices()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "CHAT, invalid-no-choices.response.json",
        "CHAT, invalid-truncated.response.json",
        "CHAT, invalid-html.response.json",
        "EMBEDDING, chat-basic.response.json",
    })
    void shouldRejectMalformedBodiesAsInvalidResponse(JobKind kind, String fixture) {
        assertThatThrownBy(() -> adapter.parse(kind, ok(fixture)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE);
                    assertThat(e.error().retryable()).isFalse();
                });
    }

    @ParameterizedTest
    @CsvSource({"stop, stop", "eos_token, stop", "length, length", "max_tokens, length", "tool_calls, tool_calls",
        "function_call, tool_calls", "content_filter, content_filter", "Something_New, something_new"})
    void shouldNormaliseFinishReasons(String raw, String normalised) {
        assertThat(OpenAiCompatibleResponseMapper.finishReason(raw)).isEqualTo(normalised);
    }
}
