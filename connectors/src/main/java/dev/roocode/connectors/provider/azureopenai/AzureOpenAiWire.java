package dev.roocode.connectors.provider.azureopenai;

/** Paths, header and settings names of Azure OpenAI (the body and answer format is {@code openaiformat}'s). */
final class AzureOpenAiWire {
    static final String DEPLOYMENTS = "/openai/deployments/";
    static final String CHAT = "/chat/completions";
    static final String EMBEDDINGS = "/embeddings";
    static final String API_VERSION = "api-version";
    /** The latest GA data-plane version when {@code ProviderConfig.apiVersion} is not set. */
    static final String DEFAULT_API_VERSION = "2024-10-21";

    static final String API_KEY = "api-key";
    /** {@code settings.auth}: {@code api-key} (default) or {@code bearer} (a Microsoft Entra ID token). */
    static final String AUTH = "auth";

    static final String AUTH_BEARER = "bearer";
    static final String AUTH_API_KEY = "api-key";

    private AzureOpenAiWire() {}
}
