package dev.roocode.connectors.provider.azureopenai;

import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatParams;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.Map;

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

    /** The {@code api-version} every call of {@code config} carries (its own, else the latest GA), for the batch API. */
    public static String apiVersion(ProviderConfig config) {
        return AzureOpenAiRequestMapper.apiVersion(config);
    }

    /**
     * The credential headers of {@code config}'s calls ({@code api-key}, or a Bearer token with
     * {@code settings.auth=bearer}), for the batch API; BAD_REQUEST for an unknown auth style.
     */
    public static Map<String, String> authHeaders(ProviderConfig config, String apiKey) {
        return AzureOpenAiRequestMapper.auth(config, apiKey);
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return PARAMS;
    }
}
