package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.Job;

/**
 * Estimates prompt tokens before dispatch. The walking skeleton counts about four characters per
 * token plus a small per-message overhead; the routing issue replaces this with a real tokenizer
 * behind the same method.
 */
public final class TokenEstimator {
    private static final int PER_MESSAGE_OVERHEAD = 4;

    private TokenEstimator() {}

    /** Estimated input tokens of {@code job}. */
    public static long inputTokens(Job job) {
        long chars = 0;
        long overhead = 0;
        if (job.getChat() != null) {
            for (ChatMessage message : job.getChat().getMessages()) {
                overhead += PER_MESSAGE_OVERHEAD;
                chars += length(message.getContent()) + length(message.getToolCallsJson());
                for (ContentPart part : message.getParts()) {
                    chars += length(part.getText());
                }
            }
        }
        if (job.getEmbedding() != null) {
            for (String input : job.getEmbedding().getInput()) {
                chars += input.length();
            }
        }
        return Math.max(1, (chars + 3) / 4 + overhead);
    }

    /** Estimated output tokens: max_tokens when given, else a modest default for chat, 0 for embeddings. */
    public static long outputTokens(Job job) {
        if (job.getChat() == null) {
            return 0;
        }
        Integer maxTokens = job.getChat().getMaxTokens();
        return maxTokens != null ? maxTokens : 256;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
