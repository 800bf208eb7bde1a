package dev.roocode.connectors.provider.huggingface;

import dev.roocode.connectors.provider.Capabilities;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;

/**
 * Adapter for Hugging Face Inference Endpoints and self-hosted TGI/TEI: chat through TGI's
 * OpenAI-compatible route, embeddings through feature extraction (its own parser), TGI and Hub
 * errors through its own classifier. One endpoint serves one model.
 */
public final class HuggingFaceAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = "huggingface";

    public HuggingFaceAdapter() {
        super(TYPE, new Capabilities(true, true, true, true, true, false, 0), new HuggingFaceRequestMapper()::toHttpCall,
                new HuggingFaceResponseMapper()::parse, new HuggingFaceErrorClassifier()::classify);
    }
}
