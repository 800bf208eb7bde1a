package dev.roocode.connectors.provider.azureopenai;

import dev.roocode.connectors.provider.Capabilities;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ProviderConfig;

/**
 * Adapter for Azure OpenAI deployments. Bodies, answers and errors are the OpenAI format's (content
 * filter refusals arrive as {@code code: content_filter}), so only the request mapping is Azure's.
 */
public final class AzureOpenAiAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = "azure-openai";

    private final AzureOpenAiRequestMapper requests = new AzureOpenAiRequestMapper();

    public AzureOpenAiAdapter() {
        super(TYPE, new Capabilities(true, true, true, true, true, false, 0));
    }

    @Override
    public HttpCall toHttpCall(DispatchedJob job, ProviderConfig config, String apiKey) {
        return requests.toHttpCall(job, config, apiKey);
    }
}
