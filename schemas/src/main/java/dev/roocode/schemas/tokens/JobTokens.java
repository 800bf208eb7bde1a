package dev.roocode.schemas.tokens;

import dev.roocode.core.tokens.Prompt;
import dev.roocode.core.tokens.TokenEstimator;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TokenEstimator} for a {@link Job}: the router (sizing, quotas, cost) and the workers'
 * pacing (rate-limit reservations) both count through here, so they agree on every job.
 */
public final class JobTokens {
    private JobTokens() {}

    /** Input tokens of {@code job} ({@link TokenEstimator#inputTokens}). */
    public static long inputTokens(Job job) {
        return TokenEstimator.inputTokens(prompt(job));
    }

    /** Output tokens of {@code job}: its max_tokens, a default for chat, 0 for embeddings. */
    public static long outputTokens(Job job) {
        Integer maxTokens = job.getChat() == null ? null : job.getChat().getMaxTokens();
        return TokenEstimator.outputTokens(new Prompt(
                job.getModel(),
                job.getChat() == null ? null : new Prompt.Chat(List.of(), null, null, maxTokens),
                null));
    }

    /** The Kafka-free view of {@code job} that the estimator counts. */
    public static Prompt prompt(Job job) {
        ChatRequest chat = job.getChat();
        Prompt.Chat promptChat = null;
        if (chat != null) {
            List<Prompt.Message> messages = new ArrayList<>(chat.getMessages().size());
            for (ChatMessage message : chat.getMessages()) {
                messages.add(new Prompt.Message(
                        message.getRole(),
                        message.getContent(),
                        message.getName(),
                        message.getToolCallsJson(),
                        parts(message.getParts())));
            }
            promptChat =
                    new Prompt.Chat(messages, chat.getToolsJson(), chat.getResponseFormatJson(), chat.getMaxTokens());
        }
        return new Prompt(
                job.getModel(),
                promptChat,
                job.getEmbedding() == null ? null : job.getEmbedding().getInput());
    }

    private static List<Prompt.Part> parts(List<ContentPart> parts) {
        if (parts == null || parts.isEmpty()) {
            return List.of();
        }
        List<Prompt.Part> out = new ArrayList<>(parts.size());
        for (ContentPart part : parts) {
            out.add(new Prompt.Part(part.getType(), part.getText(), part.getDetail()));
        }
        return out;
    }
}
