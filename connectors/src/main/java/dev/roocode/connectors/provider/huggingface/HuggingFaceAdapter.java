package dev.roocode.connectors.provider.huggingface;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.OpenAiParamPolicy.Neutral;
import dev.roocode.connectors.provider.RateLimits;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.connectors.provider.support.NativeParams;
import dev.roocode.core.provider.ProviderTypes;
import java.time.Instant;

/**
 * Adapter for Hugging Face Inference Endpoints and self-hosted TGI/TEI: chat through TGI's
 * OpenAI-compatible route, embeddings through feature extraction (its own parser), TGI and Hub
 * errors through its own classifier. One endpoint serves one model.
 */
public final class HuggingFaceAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = ProviderTypes.HUGGINGFACE.id();
    /**
     * TGI's chat route takes OpenAI's body but only the fields of its own ChatRequest schema: the
     * penalties and log probabilities pass; {@code n} and {@code logit_bias} are in it but documented
     * UNUSED, so a value that matters is refused rather than ignored; the rest is refused as for any
     * non-OpenAI API. Feature extraction (embeddings) takes no OpenAI field.
     */
    static final OpenAiParamPolicy PARAMS = NativeParams.builder(TYPE)
            .pass("presence_penalty")
            .pass("frequency_penalty")
            .pass("logprobs")
            .pass("top_logprobs")
            .refuse("n", Neutral.at(1), "TGI documents n as UNUSED: it returns one choice; submit n jobs instead")
            .refuse(
                    "logit_bias",
                    Neutral.empty("{}"),
                    "TGI documents logit_bias as UNUSED (and types it as a list, not OpenAI's map)")
            .build();

    public HuggingFaceAdapter() {
        super(
                ProviderTypes.HUGGINGFACE,
                new HuggingFaceRequestMapper()::toHttpCall,
                new HuggingFaceResponseMapper()::parse,
                new HuggingFaceErrorClassifier()::classify);
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return PARAMS;
    }

    /** OpenAI's headers where a gateway sends them, else the Hub's IETF {@code RateLimit}. */
    @Override
    public RateLimits rateLimits(HttpAnswer answer, Instant now) {
        return HuggingFaceRateLimits.read(answer, now);
    }
}
