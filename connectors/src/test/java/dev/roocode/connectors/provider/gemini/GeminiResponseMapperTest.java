package dev.roocode.connectors.provider.gemini;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponseMapperTest {
    private static final String TYPE = "gemini";
    private final GeminiAdapter adapter = new GeminiAdapter();

    private static HttpAnswer ok(String fixture) {
        return new HttpAnswer(200, Map.of(), fixture(TYPE, fixture));
    }

    @Test
    void shouldParseTextCandidate() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-basic.response.json"));

        Choice choice = output.getChoices().get(0);
        assertThat(choice.getMessage().getRole()).isEqualTo("assistant");
        assertThat(choice.getMessage().getContent())
                .isEqualTo("AI learns patterns from data to make predictions or decisions.");
        assertThat(choice.getFinishReason()).isEqualTo("stop");
        assertThat(output.getUsage()).isEqualTo(new Usage(8L, 11L, 19L));
        assertThat(output.getProviderRequestId()).isEqualTo("3NPPaLCZFJKujrEPsYvP4Qk");
    }

    @Test
    void shouldTurnFunctionCallsIntoToolCallsSkipThoughtsAndCountThemAsOutput() throws Exception {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-function-call.response.json"));

        Choice choice = output.getChoices().get(0);
        assertThat(choice.getFinishReason()).isEqualTo("tool_calls");
        assertThat(choice.getMessage().getContent()).isNull();
        assertThat(new ObjectMapper().readTree(choice.getMessage().getToolCallsJson()))
                .isEqualTo(
                        new ObjectMapper()
                                .readTree(
                                        "[{\"id\":\"call_0_0\",\"type\":\"function\",\"function\":{\"name\":\"set_light_values\",\"arguments\":\"{\\\"brightness\\\":25,\\\"color_temp\\\":\\\"warm\\\"}\"}},"
                                                + "{\"id\":\"call_0_1\",\"type\":\"function\",\"function\":{\"name\":\"set_light_values\",\"arguments\":\"{\\\"brightness\\\":80,\\\"color_temp\\\":\\\"cool\\\"}\"}}]"));
        assertThat(output.getUsage()).isEqualTo(new Usage(120L, 42L, 162L));
    }

    @Test
    void shouldJoinTextPartsAndIgnoreUnknownFields() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("chat-max-tokens.response.json"));

        assertThat(output.getChoices().get(0).getMessage().getContent()).isEqualTo("Once upon a time, in a land");
        assertThat(output.getChoices().get(0).getFinishReason()).isEqualTo("length");
        assertThat(output.getUsage()).isEqualTo(new Usage(5L, 6L, 11L));
    }

    @Test
    void shouldReportBlockedPromptAsContentPolicy() {
        assertThatThrownBy(() -> adapter.parse(JobKind.CHAT, ok("content-policy.response.json")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.CONTENT_POLICY);
                    assertThat(e.error().retryable()).isFalse();
                })
                .hasMessageContaining("SAFETY");
    }

    @Test
    void shouldReportWithheldCandidateAsContentFilter() {
        ProviderOutput output = adapter.parse(JobKind.CHAT, ok("candidate-safety.response.json"));

        assertThat(output.getChoices().get(0).getFinishReason()).isEqualTo("content_filter");
        assertThat(output.getChoices().get(0).getMessage().getContent()).isEmpty();
    }

    @Test
    void shouldParseEmbeddingsWithZeroUsageWhenNoneIsReported() {
        ProviderOutput output = adapter.parse(JobKind.EMBEDDING, ok("embeddings.response.json"));

        assertThat(output.getEmbeddings()).hasSize(2);
        assertThat(output.getEmbeddings().get(1).getIndex()).isEqualTo(1);
        assertThat(output.getEmbeddings().get(1).getVector()).containsExactly(0.5f, 0.25f, -1.0f);
        assertThat(output.getUsage()).isEqualTo(new Usage(0L, 0L, 0L));
        assertThat(output.getChoices()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "CHAT, invalid-no-candidates.response.json",
        "CHAT, invalid-html.response.json",
        "CHAT, rate-limited.response.json",
        "EMBEDDING, chat-basic.response.json"
    })
    void shouldRejectMalformedBodiesAsInvalidResponse(JobKind kind, String fixture) {
        assertThatThrownBy(() -> adapter.parse(kind, ok(fixture)))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE));
    }

    @ParameterizedTest
    @CsvSource({
        "STOP, stop",
        "MAX_TOKENS, length",
        "SAFETY, content_filter",
        "RECITATION, content_filter",
        "PROHIBITED_CONTENT, content_filter",
        "BLOCKLIST, content_filter",
        "SPII, content_filter",
        "MALFORMED_FUNCTION_CALL, malformed_function_call",
        "OTHER, other"
    })
    void shouldNormaliseFinishReasons(String raw, String normalised) {
        assertThat(GeminiResponseMapper.finishReason(raw)).isEqualTo(normalised);
    }
}
