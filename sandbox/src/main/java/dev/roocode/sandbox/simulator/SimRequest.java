package dev.roocode.sandbox.simulator;

import java.util.List;

/**
 * A provider request reduced to what the simulator acts on, so behaviour is written once for every wire
 * format.
 *
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

  static long estimateTokens(long characters) {
    return Math.max(1, characters / 4);
  }
}
