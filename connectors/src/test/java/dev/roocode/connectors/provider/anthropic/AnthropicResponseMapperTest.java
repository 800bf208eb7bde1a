package dev.roocode.connectors.provider.anthropic;

import static dev.roocode.connectors.TestJobs.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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

class AnthropicResponseMapperTest {
    private static final String TYPE = "anthropic";
    private final AnthropicAdapter adapter = new AnthropicAdapter();

    private static HttpAnswer ok(String fixture) {
        return new HttpAnswer(200, Map.of("request-id", List.of("req_header")), fixture(TYPE, fixture));
    }

    @Test
    void shouldParseTheSpecExampleMessage() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-basic.response.json"));

        Choice choice = output.getChoices().get(0);
        assertThat(choice.getIndex()).isZero();
        assertThat(choice.getMessage().getRole()).isEqualTo("assistant");
        assertThat(choice.getMessage().getContent()).isEqualTo("Hi! My name is Claude.");
        assertThat(choice.getMessage().getToolCallsJson()).isNull();
        assertThat(choice.getFinishReason()).isEqualTo("stop");
        assertThat(output.getUsage()).isEqualTo(new Usage(2095L, 503L, 2598L));
        assertThat(output.getProviderRequestId()).isEqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF");
        assertThat(output.getEmbeddings()).isEmpty();
    }

    @Test
    void shouldTurnToolUseBlocksIntoOpenAiToolCallsAndCountCachedInput() throws Exception {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-tool-use.response.json"));

        Choice choice = output.getChoices().get(0);
        assertThat(choice.getFinishReason()).isEqualTo("tool_calls");
        assertThat(choice.getMessage().getContent())
                .isEqualTo("I'll check the current weather in San Francisco for you.");
        assertThat(new ObjectMapper().readTree(choice.getMessage().getToolCallsJson()))
                .isEqualTo(
                        new ObjectMapper()
                                .readTree(
                                        "[{\"id\":\"toolu_01A09q90qw90lq917835lq9\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                                + "\"arguments\":\"{\\\"location\\\":\\\"San Francisco, CA\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}]"));
        assertThat(output.getUsage()).isEqualTo(new Usage(592L, 89L, 681L));
    }

    @Test
    void shouldJoinTextBlocksSkipThinkingAndIgnoreUnknownFields() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-max-tokens.response.json"));

        assertThat(output.getChoices().get(0).getMessage().getContent())
                .isEqualTo("Once upon a time, in a land far away, there lived");
        assertThat(output.getChoices().get(0).getFinishReason()).isEqualTo("length");
    }

    @Test
    void shouldReportRefusalAsContentFilter() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("refusal.response.json"));

        assertThat(output.getChoices().get(0).getFinishReason()).isEqualTo("content_filter");
        assertThat(output.getChoices().get(0).getMessage().getContent()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"invalid-no-content.response.json", "invalid-html.response.json", "overloaded.response.json"})
    void shouldRejectMalformedBodiesAsInvalidResponse(String fixture) {
        assertThatThrownBy(() -> adapter.parse(JobKind.CHAT, ok(fixture)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE);
                    assertThat(e.error().retryable()).isFalse();
                });
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, stop",
        "stop_sequence, stop",
        "max_tokens, length",
        "tool_use, tool_calls",
        "refusal, content_filter",
        "pause_turn, pause_turn",
        "model_context_window_exceeded, length"
    })
    void shouldNormaliseStopReasons(String raw, String normalised) {
        assertThat(AnthropicResponseMapper.finishReason(raw)).isEqualTo(normalised);
    }
}
