package dev.roocode.connectors.provider.openaicompatible;

/**
 * The {@code ProviderConfig.settings} keys of the openai-compatible type, declared once. Everything
 * a vendor needs (auth style, header names, parameter renames, extra headers) is one of these, so a
 * new vendor is configuration, not code. The wire format itself is {@code openaiformat}.
 */
final class OpenAiCompatibleWire {
    static final String CHAT_PATH = "/v1/chat/completions";
    static final String EMBEDDINGS_PATH = "/v1/embeddings";

    /** {@code bearer} (default): {@code Authorization: Bearer <key>}; {@code header}: the key in {@link #AUTH_HEADER}; {@code none}. */
    static final String AUTH = "auth";

    static final String AUTH_BEARER = "bearer";
    static final String AUTH_HEADER_STYLE = "header";
    static final String AUTH_NONE = "none";
    /** Header name carrying the raw key when {@code auth=header}, e.g. {@code X-Api-Key}. */
    static final String AUTH_HEADER = "auth.header";
    /** {@code rename.<field>=<name>}: send top-level request field {@code <field>} as {@code <name>}. */
    static final String RENAME_PREFIX = "rename.";
    /** {@code header.<Name>=<value>}: a fixed extra header, e.g. OpenRouter's {@code X-Title}. */
    static final String HEADER_PREFIX = "header.";

    private OpenAiCompatibleWire() {}
}
