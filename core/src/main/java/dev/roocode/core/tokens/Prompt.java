package dev.roocode.core.tokens;

import java.util.List;

/**
 * What {@link TokenEstimator} counts of a job, free of Kafka and Avro: the model and either a chat
 * (messages, tools, response format, output cap) or embedding inputs. Adapters build it from the
 * wire types ({@code dev.roocode.schemas.tokens.JobTokens} from a Job).
 *
 * @param model           the model name as the job asked for it (an alias or {@code vendor/model} is fine)
 * @param chat            the chat request, or null
 * @param embeddingInputs the texts to embed, or null
 */
public record Prompt(String model, Chat chat, List<String> embeddingInputs) {

    /** A chat request; any text may be null. */
    public record Chat(List<Message> messages, String toolsJson, String responseFormatJson, Integer maxTokens) {}

    /** One chat message; {@code parts} may be empty. */
    public record Message(String role, String content, String name, String toolCallsJson, List<Part> parts) {}

    /** One content part: {@code type} {@code image_url} counts as an image at {@code detail}, any other as its text. */
    public record Part(String type, String text, String detail) {}
}
