package dev.roocode.connectors.provider.openaicompatible;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.schemas.avro.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatContractTest;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The openai-compatible type on the provider contract, plus its endpoint and Retry-After details. */
class OpenAiCompatibleContractTest extends OpenAiFormatContractTest {
    private final OpenAiCompatibleAdapter adapter = new OpenAiCompatibleAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("tgi", "http://localhost:8080/")
                .setType(OpenAiCompatibleAdapter.TYPE)
                .build();
    }

    @Override
    protected String expectedChatUri() {
        return "http://localhost:8080/v1/chat/completions";
    }

    @Override
    protected String expectedEmbeddingUri() {
        return "http://localhost:8080/v1/embeddings";
    }

    @Override
    protected Map<String, String> expectedAuthHeaders(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    private static final String TGI_CONTENT =
            "As of your last question, the weather in Brooklyn, New York, is typically hot and humid throughout the year. "
                    + "The suburbs around New York City are jealously sheltered, and at least in the Lower Bronx, there are very few outdoor "
                    + "environments to appreciate nature.\n\nIn terms of temperature, the warmest times of the year are from June to August, "
                    + "when average high temperatures typically range from around 73°F or 23°C";

    @Override
    protected ResponseCase lengthCase() {
        return ResponseCase.chat("tgi-chat-length", TGI_CONTENT, "length", 61, 100, 161);
    }

    /** Also a TGI-style answer cut off mid-content (the worker tests use it too). */
    @Override
    protected List<InvalidCase> invalidCases() {
        List<InvalidCase> cases = new ArrayList<>(super.invalidCases());
        cases.add(InvalidCase.invalid("invalid-truncated", JobKind.CHAT));
        return cases;
    }

    @Override
    protected List<ErrorCase> rateLimitCases() {
        return openAiRateLimitCases();
    }

    @Override
    protected List<ErrorCase> extraErrorCases() {
        return List.of(
                of("context-length-tgi", 422, CONTEXT_LENGTH, false),
                // self-hosted servers' own bodies (sources in fixtures/openai-compatible/README.md)
                of("llamacpp-context-size", 400, CONTEXT_LENGTH, false),
                of("llamacpp-bad-request", 400, BAD_REQUEST, false),
                of("llamacpp-loading", 503, PROVIDER_UNAVAILABLE, true),
                of("vllm-context-length", 400, CONTEXT_LENGTH, false),
                of("vllm-prompt-too-long", 400, CONTEXT_LENGTH, false),
                of("vllm-bad-request", 400, BAD_REQUEST, false),
                of("vllm-not-found", 404, NOT_FOUND, false),
                of("tgi-overloaded", 429, RATE_LIMITED, true),
                of("tgi-input-length", 422, CONTEXT_LENGTH, false),
                of("tgi-bad-request", 422, BAD_REQUEST, false),
                of("tei-input-length", 422, CONTEXT_LENGTH, false),
                of("invalid-html", 504, PROVIDER_UNAVAILABLE, true),
                of("provider-error", 501, PROVIDER_ERROR, false),
                of("bad-request", 418, BAD_REQUEST, false));
    }

    // --- openai-compatible specifics ----------------------------------------------------------

    @Test
    void shouldNotDoubleV1WhenEndpointAlreadyHasIt() {
        ProviderConfig openRouter =
                provider("or", "https://openrouter.ai/api/v1").build();

        HttpCall call = adapter.toHttpCall(assigned(chatJob("r-5", "hi").build()), openRouter, KEY);

        assertThat(call.uri()).hasToString("https://openrouter.ai/api/v1/chat/completions");
    }

    @Test
    void shouldSendKeyInConfiguredHeaderAndRenameParameters() throws Exception {
        ProviderConfig gateway = provider("gw", "https://gw.example.com")
                .setSettings(Map.of(
                        "auth",
                        "header",
                        "auth.header",
                        "X-Api-Key",
                        "rename.max_tokens",
                        "max_completion_tokens",
                        "header.X-Title",
                        "Roocode"))
                .build();
        Job job = chatJob("r-9", "hi").build();
        job.getChat().setMaxTokens(32);

        HttpCall call = adapter.toHttpCall(assigned(job), gateway, KEY);

        assertThat(call.headers())
                .containsEntry("X-Api-Key", KEY)
                .containsEntry("X-Title", "Roocode")
                .doesNotContainKey("Authorization");
        JsonNode body = new ObjectMapper().readTree(call.body());
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(32);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void shouldSendNoKeyWhenAuthIsNone() {
        ProviderConfig ollama = provider("ollama", "http://localhost:11434")
                .setSettings(Map.of("auth", "none"))
                .build();

        HttpCall call = adapter.toHttpCall(assigned(chatJob("r-10", "hi").build()), ollama, KEY);

        assertThat(call.headers()).doesNotContainKey("Authorization");
        assertThat(call.uri()).hasToString("http://localhost:11434/v1/chat/completions");
    }

    @Test
    void shouldRefuseHeaderAuthWithoutHeaderName() {
        ProviderConfig broken = provider("gw", "https://gw.example.com")
                .setSettings(Map.of("auth", "header"))
                .build();

        assertThatThrownBy(
                        () -> adapter.toHttpCall(assigned(chatJob("r-11", "hi").build()), broken, KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                .hasMessageContaining("auth.header")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void shouldSendNoAuthorizationWithoutKey() {
        HttpCall call = adapter.toHttpCall(assigned(chatJob("r-4", "hi").build()), config(), null);

        assertThat(call.headers()).doesNotContainKey("Authorization").containsEntry("X-Roocode-Request-Id", "r-4");
    }

    @Test
    void shouldRejectInvalidToolsJsonAsInvalidJobWithoutTheKey() {
        Job job = chatJob("r-6", "hi").build();
        job.getChat().setToolsJson("[{not json");

        assertThatThrownBy(() -> adapter.toHttpCall(assigned(job), config(), KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB))
                .hasMessageContaining("toolsJson")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void shouldRejectExtraBodyThatIsNotAnObject() {
        Job job = chatJob("r-7", "hi").setExtraBodyJson("[1]").build();

        assertThatThrownBy(() -> adapter.toHttpCall(assigned(job), config(), null))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_JOB));
    }

    @Test
    void shouldNotEchoAuthenticationBodiesThatQuoteTheKey() {
        HttpAnswer answer = new HttpAnswer(401, Map.of(), fixtures().response("authentication"));

        assertThat(adapter.classify(answer).message()).isEqualTo("HTTP 401 invalid_api_key");
    }

    @Test
    void shouldNameLlamaCppsErrorTypeNotItsNumericCode() {
        HttpAnswer answer = new HttpAnswer(400, Map.of(), fixtures().response("llamacpp-context-size"));

        assertThat(adapter.classify(answer).message())
                .isEqualTo("HTTP 400 exceed_context_size_error: "
                        + "request (672 tokens) exceeds the available context size (512 tokens), try increasing it");
    }

    @Test
    void shouldNameVllmsErrorTypeNotItsNumericCode() {
        HttpAnswer answer = new HttpAnswer(404, Map.of(), fixtures().response("vllm-not-found"));

        assertThat(adapter.classify(answer).message())
                .isEqualTo("HTTP 404 NotFoundError: The model `llama-3-70b` does not exist.");
    }

    @Test
    void shouldPreferRetryAfterMs() {
        HttpAnswer answer = new HttpAnswer(
                429,
                Map.of("retry-after-ms", List.of("1500"), "retry-after", List.of("2")),
                fixtures().response("rate-limited"));

        assertThat(adapter.classify(answer).retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldReadRetryAfterHttpDateAgainstArrivalTime() {
        HttpAnswer answer = new HttpAnswer(
                429,
                Map.of("Retry-After", List.of("Wed, 21 Oct 2026 07:28:10 GMT")),
                fixtures().response("rate-limited"),
                Instant.parse("2026-10-21T07:28:00Z"));

        assertThat(adapter.classify(answer).retryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldIgnoreUnparseableRetryAfter() {
        HttpAnswer answer = new HttpAnswer(
                429, Map.of("Retry-After", List.of("soon")), fixtures().response("rate-limited"));

        assertThat(adapter.classify(answer).retryAfter()).isNull();
    }

    @Test
    void shouldClassifyEmptyBody() {
        assertThat(adapter.classify(new HttpAnswer(503, Map.of(), new byte[0])).errorClass())
                .isEqualTo(PROVIDER_UNAVAILABLE);
    }
}
