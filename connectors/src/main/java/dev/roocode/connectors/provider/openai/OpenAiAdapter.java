package dev.roocode.connectors.provider.openai;

import dev.roocode.connectors.provider.Capabilities;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ProviderConfig;

/**
 * Adapter for OpenAI's API ({@code api.openai.com}): chat completions and embeddings. Answers and
 * errors are the OpenAI format's, parsed and classified by {@code openaiformat}.
 */
public final class OpenAiAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = "openai";

    private final OpenAiRequestMapper requests = new OpenAiRequestMapper();

    public OpenAiAdapter() {
        super(TYPE, new Capabilities(true, true, true, true, true, false, 0));
    }

    @Override
    public HttpCall toHttpCall(DispatchedJob job, ProviderConfig config, String apiKey) {
        return requests.toHttpCall(job, config, apiKey);
    }
}
