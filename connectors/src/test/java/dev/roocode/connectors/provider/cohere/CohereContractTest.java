package dev.roocode.connectors.provider.cohere;

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
 * The cohere type on the provider contract. Cohere has no participant names; everything else maps.
 * Mapping details are in {@link CohereRequestMapperTest}.
 */
class CohereContractTest extends ProviderContractTest {
    private final CohereAdapter adapter = new CohereAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("co", "https://api.cohere.com")
                .setType(CohereAdapter.TYPE)
                .build();
    }

    @Override
    protected OpenAiParamCases openAiParamCases() {
        return OpenAiParamCases.nativeApi()
                .mapped("presence_penalty", "/presence_penalty", "0.5")
                .mapped("frequency_penalty", "/frequency_penalty", "0.5");
    }

    @Override
    protected String expectedChatUri() {
        return "https://api.cohere.com/v2/chat";
    }

    @Override
    protected String expectedEmbeddingUri() {
        return "https://api.cohere.com/v2/embed";
    }

    @Override
    protected Map<String, String> expectedAuthHeaders(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    protected List<ResponseCase> responseCases() {
        return List.of(
                ResponseCase.chat(
                        "chat-basic",
                        "LLMs stand for Large Language Models, which are a type of neural network model specialized"
                                + " in processing and generating human language.",
                        "stop",
                        17,
                        386,
                        403),
                ResponseCase.chat("chat-max-tokens", "Once upon a time, in a land", "length", 5, 6, 11),
                ResponseCase.chat("chat-toxic", "", "content_filter", 12, 0, 12),
                ResponseCase.toolCall("chat-tool-call", "query_daily_sales_report", 37, 28, 65),
                ResponseCase.embeddings("embeddings", 2, 0.016296387f, 9, 9));
    }

    @Override
    protected List<InvalidCase> invalidCases() {
        return List.of(
                invalid("invalid-no-message", JobKind.CHAT),
                new InvalidCase("chat-error", JobKind.CHAT, PROVIDER_ERROR),
                invalid("invalid-no-float", JobKind.EMBEDDING),
                invalid("invalid-embeddings-count", JobKind.EMBEDDING),
                invalid("chat-basic", JobKind.EMBEDDING));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        return List.of(
                of("bad-request", 400, BAD_REQUEST, false),
                of("context-length", 400, CONTEXT_LENGTH, false),
                of("authentication", 401, AUTHENTICATION, false),
                of("payment-required", 402, RATE_LIMITED, false),
                of("permission", 403, PERMISSION, false),
                of("not-found", 404, NOT_FOUND, false),
                of("gateway-timeout", 408, TIMEOUT, true),
                of("invalid-html", 413, CONTEXT_LENGTH, false),
                of("unprocessable", 422, BAD_REQUEST, false),
                of("rate-limited", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(60)),
                of("rate-limited-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(30)),
                of("content-policy", 498, CONTENT_POLICY, false),
                of("cancelled", 499, TIMEOUT, true),
                of("internal", 500, PROVIDER_ERROR, true),
                of("internal-truncated", 500, PROVIDER_ERROR, true),
                of("invalid-html", 502, PROVIDER_UNAVAILABLE, true),
                of("unavailable", 503, PROVIDER_UNAVAILABLE, true),
                of("gateway-timeout", 504, TIMEOUT, true),
                of("internal", 501, PROVIDER_ERROR, false));
    }

    /** Cohere documents no rate-limit headers: a 429 pauses for its Retry-After. */
    @Override
    protected List<RateLimitCase> rateLimitSignals() {
        return List.of(
                RateLimitCase.refusal("rate-limited", Duration.ofSeconds(60)),
                RateLimitCase.refusal("rate-limited-date", Duration.ofSeconds(30)));
    }
}
