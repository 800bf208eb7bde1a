package dev.roocode.cli.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The provider types the CLI knows, each with its default endpoint and what it requires. The
 * connectors' {@code ProviderAdapters} decide which types a worker can call; a type listed here
 * without an adapter in this build can be configured but not tested or activated.
 */
public enum ProviderType {
    OPENAI("openai", "https://api.openai.com/v1", true, false, false, true),
    AZURE_OPENAI("azure-openai", null, true, true, true, true),
    ANTHROPIC("anthropic", "https://api.anthropic.com", true, false, false, false),
    GEMINI("gemini", "https://generativelanguage.googleapis.com", true, false, false, true),
    COHERE("cohere", "https://api.cohere.com", true, false, false, true),
    // an Inference Endpoint or a self-hosted TGI/TEI server: one endpoint per model, a token only when the server wants one
    HUGGINGFACE("huggingface", null, false, false, false, true),
    OPENAI_COMPATIBLE("openai-compatible", null, false, false, false, true);

    /** Ready-made endpoints of openai-compatible servers: {@code preset: vllm}. */
    public static final Map<String, Preset> PRESETS = Map.of(
            "vllm", new Preset("http://localhost:8000/v1", false),
            "ollama", new Preset("http://localhost:11434/v1", false),
            "openrouter", new Preset("https://openrouter.ai/api/v1", true),
            "tgi", new Preset("http://localhost:8080/v1", false));

    /** An openai-compatible server's default endpoint and whether it needs a key. */
    public record Preset(String endpoint, boolean needsKey) {}

    private final String id;
    private final String defaultEndpoint;
    private final boolean needsKey;
    private final boolean needsApiVersion;
    private final boolean needsDeployments;
    private final boolean embeddings;

    ProviderType(String id, String defaultEndpoint, boolean needsKey, boolean needsApiVersion, boolean needsDeployments, boolean embeddings) {
        this.id = id;
        this.defaultEndpoint = defaultEndpoint;
        this.needsKey = needsKey;
        this.needsApiVersion = needsApiVersion;
        this.needsDeployments = needsDeployments;
        this.embeddings = embeddings;
    }

    public String id() {
        return id;
    }

    /** The endpoint used when none is given; null when the type needs one. */
    public String defaultEndpoint() {
        return defaultEndpoint;
    }

    public boolean needsKey() {
        return needsKey;
    }

    public boolean needsApiVersion() {
        return needsApiVersion;
    }

    public boolean needsDeployments() {
        return needsDeployments;
    }

    public boolean offersEmbeddings() {
        return embeddings;
    }

    /** The default API version (anthropic-version), or null. */
    public String defaultApiVersion() {
        return this == ANTHROPIC ? "2023-06-01" : null;
    }

    public static Optional<ProviderType> find(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id.equals(wanted)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ProviderType::id).toList();
    }
}
