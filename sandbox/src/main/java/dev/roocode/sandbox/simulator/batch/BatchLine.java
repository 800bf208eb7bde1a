package dev.roocode.sandbox.simulator.batch;

import java.util.Objects;

/**
 * One submitted line of a simulated batch, as its wire format read it.
 *
 * @param customId the caller's id of the line, unique within the batch
 * @param target   what the wire format needs to answer the body: the line's URL for OpenAI
 *                 ({@code /v1/chat/completions}), the model for formats that put it beside the body
 * @param body     the line's request body, as a realtime call would carry it
 */
public record BatchLine(String customId, String target, byte[] body) {
    public BatchLine {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(body, "body");
    }
}
