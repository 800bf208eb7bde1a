package dev.roocode.connectors.provider.gemini;

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
 * Adapter for Google's Gemini API (Google AI Studio keys, {@code x-goog-api-key}). Chat with tools,
 * images and JSON output; embeddings through {@code batchEmbedContents}.
 */
public final class GeminiAdapter implements ProviderAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = ProviderTypes.GEMINI.id();

    private final GeminiRequestMapper requests = new GeminiRequestMapper();
    private final GeminiResponseMapper responses = new GeminiResponseMapper();
    private final GeminiErrorClassifier errors = new GeminiErrorClassifier();

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderTypes.GEMINI;
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return GeminiParams.POLICY;
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

    /** Gemini documents no rate-limit headers: Retry-After only (its 429 body's RetryInfo is the classified wait). */
    @Override
    public RateLimits rateLimits(HttpAnswer answer, Instant now) {
        return RateLimits.retryAfterOnly(answer, now);
    }
}
