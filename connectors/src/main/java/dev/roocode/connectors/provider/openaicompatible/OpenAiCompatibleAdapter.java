package dev.roocode.connectors.provider.openaicompatible;

import dev.roocode.connectors.provider.Capabilities;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;

/**
 * Adapter for servers that speak OpenAI's {@code /v1/chat/completions} and {@code /v1/embeddings}.
 * A new OpenAI-compatible provider is configuration (endpoint, key), not code.
 */
public final class OpenAiCompatibleAdapter implements ProviderAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = "openai-compatible";

    private static final Capabilities CAPABILITIES = new Capabilities(true, true, true, true, true, false, 0);

    private final OpenAiCompatibleRequestMapper requests = new OpenAiCompatibleRequestMapper();
    private final OpenAiCompatibleResponseMapper responses = new OpenAiCompatibleResponseMapper();
    private final OpenAiCompatibleErrorClassifier errors = new OpenAiCompatibleErrorClassifier();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
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
}
