package dev.roocode.connectors.provider.openaiformat;

import dev.roocode.connectors.provider.OpenAiParamPolicy;

/**
 * The OpenAI-param policy of a type whose server speaks OpenAI's API itself (openai, azure-openai,
 * openai-compatible): every field, and every other name, is sent unchanged, and the server answers
 * for what it does not know. Only streaming is refused, as for every type.
 */
public final class OpenAiFormatParams {
    private OpenAiFormatParams() {}

    /** Everything but streaming sent unchanged; {@code unknownNote} says why other names go through too. */
    public static OpenAiParamPolicy passAll(String type, String unknownNote) {
        return OpenAiParamPolicy.builder(type).passAll(unknownNote).build();
    }
}
