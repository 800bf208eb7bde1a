package dev.roocode.connectors.provider.cohere;

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
 * Adapter for Cohere's v2 API (bearer key). Chat with tools, images (vision models) and JSON output;
 * embeddings through {@code /v2/embed} (float vectors).
 */
public final class CohereAdapter implements ProviderAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = ProviderTypes.COHERE.id();

    private final CohereRequestMapper requests = new CohereRequestMapper();
    private final CohereResponseMapper responses = new CohereResponseMapper();
    private final CohereErrorClassifier errors = new CohereErrorClassifier();

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderTypes.COHERE;
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return CohereParams.POLICY;
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

    /** Cohere documents no rate-limit headers: Retry-After only. */
    @Override
    public RateLimits rateLimits(HttpAnswer answer, Instant now) {
        return RateLimits.retryAfterOnly(answer, now);
    }
}
