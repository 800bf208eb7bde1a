package dev.roocode.connectors.provider.openai;

import dev.roocode.connectors.provider.Capabilities;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;

/**
 * Adapter for OpenAI's API ({@code api.openai.com}): chat completions and embeddings. Answers and
 * errors are the OpenAI format's, parsed and classified by {@code openaiformat}.
 */
public final class OpenAiAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = "openai";

    public OpenAiAdapter() {
        super(TYPE, new Capabilities(true, true, true, true, true, false, 0), new OpenAiRequestMapper()::toHttpCall);
    }
}
