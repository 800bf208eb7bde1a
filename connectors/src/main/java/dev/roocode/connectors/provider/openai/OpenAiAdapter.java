package dev.roocode.connectors.provider.openai;

import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatParams;
import dev.roocode.core.provider.ProviderTypes;

/**
 * Adapter for OpenAI's API ({@code api.openai.com}): chat completions and embeddings. Answers and
 * errors are the OpenAI format's, parsed and classified by {@code openaiformat}.
 */
public final class OpenAiAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = ProviderTypes.OPENAI.id();
    /** What this type does with untyped OpenAI fields: everything but streaming is sent unchanged. */
    static final OpenAiParamPolicy PARAMS = OpenAiFormatParams.passAll(
            TYPE, "OpenAI validates its own API and answers 400 for a name it does not know");

    public OpenAiAdapter() {
        super(ProviderTypes.OPENAI, new OpenAiRequestMapper()::toHttpCall);
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return PARAMS;
    }
}
