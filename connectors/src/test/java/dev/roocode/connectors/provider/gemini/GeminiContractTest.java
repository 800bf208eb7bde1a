package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.connectors.provider.contract.InvalidCase.invalid;
import static dev.roocode.schemas.avro.ErrorClass.*;

import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.OpenAiParamCases;
import dev.roocode.connectors.provider.contract.RateLimitCase;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gemini type on the provider contract. Gemini has no participant names; everything else maps.
 * A blocked prompt comes back as a 2xx with {@code promptFeedback.blockReason}: that is the
 * CONTENT_POLICY case. Mapping details are in {@link GeminiRequestMapperTest},
 * {@link GeminiResponseMapperTest} and {@link GeminiErrorClassifierTest}.
 */
class GeminiContractTest extends ProviderContractTest {
    private final GeminiAdapter adapter = new GeminiAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("gem", "https://generativelanguage.googleapis.com")
                .setType(GeminiAdapter.TYPE)
                .build();
    }

    @Override
    protected OpenAiParamCases openAiParamCases() {
        return OpenAiParamCases.nativeApi()
                .mapped("n", "/generationConfig/candidateCount", "2")
                .mapped("presence_penalty", "/generationConfig/presencePenalty", "0.5")
                .mapped("frequency_penalty", "/generationConfig/frequencyPenalty", "0.5")
                .mapped("service_tier", "/serviceTier", "\"standard\"")
                .mapped("reasoning_effort", "/generationConfig/thinkingConfig/thinkingLevel", "\"LOW\"");
    }

    @Override
    protected String expectedChatUri() {
        return "https://generativelanguage.googleapis.com/v1beta/models/model-under-test:generateContent";
    }

    @Override
    protected String expectedEmbeddingUri() {
        return "https://generativelanguage.googleapis.com/v1beta/models/model-under-test:batchEmbedContents";
    }

    @Override
    protected Map<String, String> expectedAuthHeaders(String apiKey) {
        return Map.of("x-goog-api-key", apiKey);
    }

    @Override
    protected List<ResponseCase> responseCases() {
        return List.of(
                ResponseCase.chat(
                        "chat-basic",
                        "AI learns patterns from data to make predictions or decisions.",
                        "stop",
                        8,
                        11,
                        19),
                ResponseCase.chat("chat-max-tokens", "Once upon a time, in a land", "length", 5, 6, 11),
                ResponseCase.chat("candidate-safety", "", "content_filter", 14, 0, 14),
                ResponseCase.toolCall("chat-function-call", "set_light_values", 120, 42, 162),
                ResponseCase.embeddings("embeddings", 2, 0.013168523f, 0, 0));
    }

    @Override
    protected List<InvalidCase> invalidCases() {
        return List.of(
                invalid("invalid-no-candidates", JobKind.CHAT),
                invalid("invalid-empty-candidates", JobKind.CHAT),
                invalid("invalid-embeddings-count", JobKind.EMBEDDING),
                new InvalidCase("content-policy", JobKind.CHAT, CONTENT_POLICY),
                invalid("invalid-no-values", JobKind.EMBEDDING),
                invalid("chat-basic", JobKind.EMBEDDING));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        return List.of(
                of("bad-request", 400, BAD_REQUEST, false),
                of("authentication", 400, AUTHENTICATION, false),
                of("context-length", 400, CONTEXT_LENGTH, false),
                of("failed-precondition", 400, PERMISSION, false),
                of("unauthenticated", 401, AUTHENTICATION, false),
                of("permission", 403, PERMISSION, false),
                of("not-found", 404, NOT_FOUND, false),
                of("deadline-exceeded", 408, TIMEOUT, true),
                of("request-too-large", 413, CONTEXT_LENGTH, false),
                of("bad-request", 422, BAD_REQUEST, false),
                of("rate-limited", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(20)),
                of("rate-limited-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(30)),
                of("rate-limited-body", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(43)),
                of("internal", 500, PROVIDER_ERROR, true),
                of("internal-truncated", 500, PROVIDER_ERROR, true),
                of("invalid-html", 502, PROVIDER_UNAVAILABLE, true),
                of("unavailable", 503, PROVIDER_UNAVAILABLE, true),
                of("deadline-exceeded", 504, TIMEOUT, true),
                of("invalid-html", 501, PROVIDER_ERROR, false));
    }

    /** Gemini sends no rate-limit headers; a 429 RESOURCE_EXHAUSTED carries google.rpc.RetryInfo.retryDelay in its details. */
    @Override
    protected List<RateLimitCase> rateLimitSignals() {
        return List.of(
                RateLimitCase.refusal("rate-limited-body", Duration.ofSeconds(43)),
                RateLimitCase.refusal("rate-limited-date", Duration.ofSeconds(30)));
    }
}
