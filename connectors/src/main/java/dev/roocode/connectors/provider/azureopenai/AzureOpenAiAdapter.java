package dev.roocode.connectors.provider.azureopenai;

import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatParams;
import dev.roocode.core.provider.ProviderTypes;

/**
 * Adapter for Azure OpenAI deployments. Bodies, answers and errors are the OpenAI format's (content
 * filter refusals arrive as {@code code: content_filter}), so only the request mapping is Azure's.
 */
public final class AzureOpenAiAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = ProviderTypes.AZURE_OPENAI.id();
    /** What this type does with untyped OpenAI fields: everything but streaming is sent unchanged. */
    static final OpenAiParamPolicy PARAMS = OpenAiFormatParams.passAll(
            TYPE, "Azure OpenAI validates its own API and answers 400 for a name it does not know");

    public AzureOpenAiAdapter() {
        super(ProviderTypes.AZURE_OPENAI, new AzureOpenAiRequestMapper()::toHttpCall);
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return PARAMS;
    }
}
