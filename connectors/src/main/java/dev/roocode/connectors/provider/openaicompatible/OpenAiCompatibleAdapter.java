package dev.roocode.connectors.provider.openaicompatible;

import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatAdapter;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatParams;
import dev.roocode.core.provider.ProviderTypes;

/**
 * Adapter for servers that speak OpenAI's {@code /v1/chat/completions} and {@code /v1/embeddings}
 * (vLLM, Ollama, OpenRouter, gateways). A new vendor is configuration: endpoint, key and
 * {@code settings} (auth style, renames, headers; see {@link OpenAiCompatibleWire}). Answers and
 * errors are the OpenAI format's, so parsing and classification are {@code openaiformat}'s.
 */
public final class OpenAiCompatibleAdapter extends OpenAiFormatAdapter {
    /** The type name in {@code ProviderConfig.type}. */
    public static final String TYPE = ProviderTypes.OPENAI_COMPATIBLE.id();
    /** What this type does with untyped OpenAI fields: everything but streaming is sent unchanged. */
    static final OpenAiParamPolicy PARAMS = OpenAiFormatParams.passAll(
            TYPE, "a configurable gateway takes its own names (vLLM top_k, OpenRouter provider, ...) at the top level");

    public OpenAiCompatibleAdapter() {
        super(ProviderTypes.OPENAI_COMPATIBLE, new OpenAiCompatibleRequestMapper()::toHttpCall);
    }

    @Override
    public OpenAiParamPolicy openAiParams() {
        return PARAMS;
    }
}
