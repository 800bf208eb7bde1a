package dev.roocode.connectors.provider.contract;

import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.Usage;

/**
 * One 2xx answer fixture ({@code <name>.response.json}) and the normalised output it must parse to:
 * for chat the first choice's text, finish reason and (optional) first tool name; for embeddings the
 * vector count and the first vector's first value; usage always.
 */
public record ResponseCase(
        String name,
        JobKind kind,
        String content,
        String finishReason,
        String toolName,
        int vectors,
        Float firstValue,
        Usage usage) {

    /** A chat answer whose first choice has {@code content} and {@code finishReason}. */
    public static ResponseCase chat(
            String name, String content, String finishReason, long input, long output, long total) {
        return new ResponseCase(
                name, JobKind.CHAT, content, finishReason, null, 0, null, new Usage(input, output, total));
    }

    /** A chat answer calling the tool {@code toolName}. */
    public static ResponseCase toolCall(String name, String toolName, long input, long output, long total) {
        return new ResponseCase(
                name, JobKind.CHAT, null, "tool_calls", toolName, 0, null, new Usage(input, output, total));
    }

    /** An embeddings answer with {@code vectors} vectors, the first starting with {@code firstValue}. */
    public static ResponseCase embeddings(String name, int vectors, float firstValue, long input, long total) {
        return new ResponseCase(
                name, JobKind.EMBEDDING, null, null, null, vectors, firstValue, new Usage(input, 0L, total));
    }

    @Override
    public String toString() {
        return name + " (" + kind + ")";
    }
}
