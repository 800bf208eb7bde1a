package dev.roocode.connectors.provider.anthropic;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RateLimits;
import dev.roocode.core.provider.ProviderDescriptor;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import java.time.Instant;

/**
 * Adapter for Anthropic's Messages API. Chat with tools and images; no embeddings (the capability is
 * off so routing skips Anthropic for embedding jobs) and no JSON response format or seed.
 */
public final class AnthropicAdapter implements ProviderAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = ProviderTypes.ANTHROPIC.id();

    private final AnthropicRequestMapper requests = new AnthropicRequestMapper();
    private final AnthropicResponseMapper responses = new AnthropicResponseMapper();
    private final AnthropicErrorClassifier errors = new AnthropicErrorClassifier();

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderTypes.ANTHROPIC;
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return AnthropicParams.POLICY;
    }

    @Override
    public HttpCall toHttpCall(DispatchedJob job, ProviderConfig config, String apiKey) {
        return requests.toHttpCall(job, config, apiKey);
    }

    @Override
    public ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        return responses.parse(kind, answer);
    }

    @Override
    public ProviderError classify(HttpAnswer answer) {
        return errors.classify(answer);
    }

    /** Anthropic's {@code anthropic-ratelimit-*} headers and Retry-After. */
    @Override
    public RateLimits rateLimits(HttpAnswer answer, Instant now) {
        return AnthropicRateLimits.read(answer, now);
    }
}
