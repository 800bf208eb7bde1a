package dev.roocode.sandbox.simulator;

import java.util.List;

/**
 * A provider request reduced to what the simulator acts on, so behaviour is written once for every wire
 * format.
 *
 * @param model the model name directives are read from (from the body, or the URL for Azure, Gemini, HF)
 * @param promptTokens estimated prompt tokens: characters / 4 of all message text (or of each input), at
 *     least 1
 * @param lastUserText the text of the last user message (chat), empty if none
 * @param maxTokens the completion token cap, or -1 when the request sets none
 * @param inputs the texts to embed (embeddings), empty for chat
 * @param dimensions the requested vector length, or -1 for the default
 * @param base64 whether embeddings are asked for as base64 little-endian float32
 */
record SimRequest(
        Operation operation,
        String model,
        long promptTokens,
        String lastUserText,
        int maxTokens,
        List<String> inputs,
        int dimensions,
        boolean base64) {

    static SimRequest chat(String model, long characters, String lastUserText, int maxTokens) {
        return new SimRequest(
                Operation.CHAT, model, estimateTokens(characters), lastUserText, maxTokens, List.of(), -1, false);
    }

    /** Embeddings of {@code inputs}; prompt tokens are counted per input. */
    static SimRequest embeddings(String model, List<String> inputs, int dimensions, boolean base64) {
        long tokens = 0;
        for (String text : inputs) {
            tokens += estimateTokens(text.length());
        }
        return new SimRequest(Operation.EMBEDDINGS, model, tokens, "", -1, List.copyOf(inputs), dimensions, base64);
    }

    static long estimateTokens(long characters) {
        return Math.max(1, characters / 4);
    }

    int dimensionsOrDefault() {
        return dimensions > 0 ? dimensions : Embeddings.DEFAULT_DIMENSIONS;
    }

    /** The vector of input {@code i}. */
    float[] vector(int i) {
        return Embeddings.vector(inputs.get(i), dimensionsOrDefault());
    }
}
