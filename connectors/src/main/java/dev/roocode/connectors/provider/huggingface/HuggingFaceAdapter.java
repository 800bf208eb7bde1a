package dev.roocode.connectors.provider.huggingface;

import dev.roocode.connectors.provider.Capabilities;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;

/**
 * Adapter for Hugging Face Inference Endpoints and self-hosted TGI/TEI: chat through TGI's
 * OpenAI-compatible route, embeddings through feature extraction. One endpoint serves one model.
 */
public final class HuggingFaceAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = "huggingface";

    private final HuggingFaceRequestMapper requests = new HuggingFaceRequestMapper();
    private final HuggingFaceResponseMapper responses = new HuggingFaceResponseMapper();
    private final HuggingFaceErrorClassifier errors = new HuggingFaceErrorClassifier();

    public HuggingFaceAdapter() {
        super(TYPE, new Capabilities(true, true, true, true, true, false, 0));
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
