package dev.roocode.connectors.provider.openai;

/** Paths of OpenAI's API (the body and answer format is {@code openaiformat}'s). */
final class OpenAiWire {
    /** Used when {@code ProviderConfig.endpoint} is blank. */
    static final String DEFAULT_ENDPOINT = "https://api.openai.com";

    static final String CHAT_PATH = "/v1/chat/completions";
    static final String EMBEDDINGS_PATH = "/v1/embeddings";

    private OpenAiWire() {}
}
