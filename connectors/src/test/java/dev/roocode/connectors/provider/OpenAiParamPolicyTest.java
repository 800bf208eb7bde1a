package dev.roocode.connectors.provider;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.provider.OpenAiParamPolicy.Neutral;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The policy machinery and the mapped values the contract's one sample per field does not reach:
 * a value a mapping cannot express is refused naming the field, not sent.
 */
class OpenAiParamPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldFailToBuildAPolicyThatLeavesAnOpenAiFieldUndeclared() {
        assertThatThrownBy(() -> OpenAiParamPolicy.builder("half").pass("user").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("half declares no rule for")
                .hasMessageContaining("logprobs");
    }

    @Test
    void shouldRefuseToDeclareANameThatIsNoUntypedOpenAiField() {
        assertThatThrownBy(() -> OpenAiParamPolicy.builder("t").pass("temperature"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
    }

    @Test
    void shouldSkipNullsAndDropNeutralValues() throws IOException {
        JsonNode body = body("anthropic", "{\"n\":1,\"logprobs\":false,\"user\":null,\"stream\":false}");
        assertThat(body).isEqualTo(body("anthropic", null));
    }

    @Test
    void shouldReportParamsThatAreNotAJsonObjectAsAnInvalidJob() {
        assertThatThrownBy(() -> body("openai", "[1]"))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB))
                .hasMessageContaining("openAiParamsJson");
    }

    @Test
    void shouldRefuseAnAnthropicServiceTierItHasNoTierFor() {
        assertRefused(
                "anthropic", "{\"service_tier\":\"flex\"}", "service_tier=\"flex\" is not supported by anthropic");
    }

    @Test
    void shouldRefuseUserAndSafetyIdentifierThatDisagreeOnAnthropic() {
        assertRefused("anthropic", "{\"user\":\"a\",\"safety_identifier\":\"b\"}", "safety_identifier");
    }

    @Test
    void shouldMapAgreeingUserAndSafetyIdentifierOnceOnAnthropic() throws IOException {
        assertThat(body("anthropic", "{\"user\":\"a\",\"safety_identifier\":\"a\"}")
                        .at("/metadata/user_id")
                        .asText())
                .isEqualTo("a");
    }

    @Test
    void shouldDropParallelToolCallsOnAnthropicWhenTheJobHasNoTools() throws IOException {
        assertThat(body("anthropic", "{\"parallel_tool_calls\":false}")).isEqualTo(body("anthropic", null));
    }

    @Test
    void shouldRefuseAReasoningEffortGeminiHasNoThinkingLevelFor() {
        assertRefused(
                "gemini", "{\"reasoning_effort\":\"xhigh\"}", "reasoning_effort=\"xhigh\" is not supported by gemini");
    }

    @Test
    void shouldRefuseACandidateCountThatIsNotAPositiveWholeNumberOnGemini() {
        assertRefused("gemini", "{\"n\":0}", "n=0 is not supported by gemini");
    }

    @Test
    void shouldRefuseACoherePenaltyOutsideItsScaleInsteadOfClampingIt() {
        assertRefused("cohere", "{\"presence_penalty\":-1.5}", "presence_penalty=-1.5 is not supported by cohere");
    }

    @Test
    void shouldPassANeutralValueThroughForTypesThatPassEverything() throws IOException {
        assertThat(body("openai", "{\"n\":1,\"top_k\":40}").path("n").asInt()).isEqualTo(1);
        assertThat(body("openai-compatible", "{\"top_k\":40}").path("top_k").asInt())
                .isEqualTo(40);
    }

    @Test
    void shouldShortenALongValueInTheRefusal() {
        String long1 = "x".repeat(500);
        assertThatThrownBy(() -> body("gemini", "{\"user\":\"" + long1 + "\"}"))
                .hasMessageContaining("user=")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void shouldDropAtANumericNeutralWhateverItsJsonForm() {
        assertThat(Neutral.at(0).test().test(JSON.valueToTree(0.0))).isTrue();
        assertThat(Neutral.at(1).test().test(JSON.valueToTree(1.0))).isTrue();
        assertThat(Neutral.at(1).test().test(JSON.valueToTree(2))).isFalse();
    }

    private static void assertRefused(String type, String params, String message) {
        assertThatThrownBy(() -> body(type, params))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    private static JsonNode body(String type, String params) throws IOException {
        Job job = chatJob("r-1", "hi").setOpenAiParamsJson(params).build();
        ProviderAdapter adapter = ProviderAdapters.forType(type);
        HttpCall call = adapter.toHttpCall(
                dispatched(job, "p", "model-x"),
                provider("p", "https://example.com").setType(type).build(),
                "sk-test");
        return JSON.readTree(call.body());
    }
}
