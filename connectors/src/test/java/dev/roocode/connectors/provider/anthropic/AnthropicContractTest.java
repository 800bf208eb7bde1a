package dev.roocode.connectors.provider.anthropic;

import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.connectors.provider.contract.InvalidCase.invalid;
import static dev.roocode.schemas.avro.ErrorClass.*;

import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.OpenAiParamCases;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The anthropic type on the provider contract. Anthropic has no seed, no response_format, no
 * participant names and no embeddings API: those fields must fail with BAD_REQUEST. Mapping details
 * are in {@link AnthropicRequestMapperTest}, {@link AnthropicResponseMapperTest} and
 * {@link AnthropicErrorClassifierTest}.
 */
class AnthropicContractTest extends ProviderContractTest {
    private final AnthropicAdapter adapter = new AnthropicAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("claude", "https://api.anthropic.com")
                .setType(AnthropicAdapter.TYPE)
                .build();
    }

    @Override
    protected OpenAiParamCases openAiParamCases() {
        return OpenAiParamCases.nativeApi()
                .mapped("user", "/metadata/user_id", "\"user-1234\"")
                .mapped("safety_identifier", "/metadata/user_id", "\"user-1234\"")
                .mapped("parallel_tool_calls", "/tool_choice/disable_parallel_tool_use", "true")
                .mapped("service_tier", "/service_tier", "\"standard_only\"")
                .mapped("reasoning_effort", "/output_config/effort", "\"low\"");
    }

    @Override
    protected String expectedChatUri() {
        return "https://api.anthropic.com/v1/messages";
    }

    @Override
    protected String expectedEmbeddingUri() {
        return null;
    }

    @Override
    protected Map<String, String> expectedAuthHeaders(String apiKey) {
        return Map.of("x-api-key", apiKey, "anthropic-version", "2023-06-01");
    }

    @Override
    protected List<ResponseCase> responseCases() {
        return List.of(
                ResponseCase.chat("chat-basic", "Hi! My name is Claude.", "stop", 2095, 503, 2598),
                ResponseCase.chat(
                        "chat-max-tokens", "Once upon a time, in a land far away, there lived", "length", 12, 16, 28),
                ResponseCase.chat("refusal", "", "content_filter", 35, 0, 35),
                ResponseCase.toolCall("chat-tool-use", "get_weather", 592, 89, 681));
    }

    @Override
    protected List<InvalidCase> invalidCases() {
        return List.of(invalid("invalid-no-content", JobKind.CHAT), invalid("overloaded", JobKind.CHAT));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        return List.of(
                of("bad-request", 400, BAD_REQUEST, false),
                of("context-length", 400, CONTEXT_LENGTH, false),
                of("content-policy", 400, CONTENT_POLICY, false),
                of("authentication", 401, AUTHENTICATION, false),
                of("billing", 402, RATE_LIMITED, false),
                of("credit-balance", 400, RATE_LIMITED, false),
                of("permission", 403, PERMISSION, false),
                of("not-found", 404, NOT_FOUND, false),
                of("timeout", 408, TIMEOUT, true),
                of("request-too-large", 413, CONTEXT_LENGTH, false),
                of("bad-request", 422, BAD_REQUEST, false),
                of("rate-limited", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(17)),
                of("rate-limited-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(30)),
                of("rate-limited-reset", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(20)),
                of("api-error", 500, PROVIDER_ERROR, true),
                of("api-error-truncated", 500, PROVIDER_ERROR, true),
                of("invalid-html", 502, PROVIDER_UNAVAILABLE, true),
                of("overloaded", 503, PROVIDER_UNAVAILABLE, true).retryAfter(Duration.ofSeconds(10)),
                of("timeout", 504, TIMEOUT, true),
                of("overloaded", 529, PROVIDER_UNAVAILABLE, true).retryAfter(Duration.ofSeconds(10)),
                of("invalid-html", 501, PROVIDER_ERROR, false));
    }
}
