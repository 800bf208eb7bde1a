package dev.roocode.core.provider;

/**
 * The Job fields a provider type may or may not honour. A type's descriptor lists the ones it supports;
 * the router sends a job only to a type that supports every field the job uses, and an adapter refuses
 * any other with a BAD_REQUEST naming {@link #label()}.
 */
public enum JobField {
    /** Plain-text messages (system, user, assistant); every chat provider supports them. */
    MESSAGES("messages", true),
    /** Multi-part content made of text parts. */
    TEXT_PARTS("parts", true),
    /** Image parts ({@code image_url}) in multi-part content. */
    IMAGE_PARTS("image_url", true),
    /** A participant name on a message. */
    MESSAGE_NAME("name", true),
    /** Assistant {@code tool_calls} and {@code tool} role messages answering them. */
    TOOL_MESSAGES("toolCallsJson", true),
    TEMPERATURE("temperature", true),
    TOP_P("topP", true),
    MAX_TOKENS("maxTokens", true),
    STOP("stop", true),
    SEED("seed", true),
    RESPONSE_FORMAT("responseFormatJson", true),
    TOOLS("toolsJson", true),
    TOOL_CHOICE("toolChoiceJson", true),
    EXTRA_BODY("extraBodyJson", true),
    /** Embedding jobs at all. */
    EMBEDDINGS("embedding", false),
    EMBEDDING_DIMENSIONS("dimensions", false),
    EMBEDDING_INPUT_TYPE("inputType", false);

    private final String label;
    private final boolean chat;

    JobField(String label, boolean chat) {
        this.label = label;
        this.chat = chat;
    }

    /** The Job schema name of the field, which a refusal of it names. */
    public String label() {
        return label;
    }

    /** Whether the field belongs to chat jobs (else to embedding jobs). */
    public boolean chat() {
        return chat;
    }
}
