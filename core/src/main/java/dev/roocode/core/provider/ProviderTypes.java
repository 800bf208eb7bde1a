package dev.roocode.core.provider;

import static dev.roocode.core.provider.ProviderDescriptor.allBut;

import dev.roocode.core.provider.ProviderDescriptor.ConfigNeeds;
import dev.roocode.core.provider.ProviderDescriptor.Preset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one registry of provider types: adding a type is one descriptor here plus its package in
 * connectors (whose adapter names the descriptor; {@code ProviderAdaptersTest} checks they agree).
 */
public final class ProviderTypes {

    public static final ProviderDescriptor OPENAI = new ProviderDescriptor(
            "openai",
            "https://api.openai.com/v1",
            null,
            new ConfigNeeds(true, false, null, null, false, true, false),
            allBut(JobField.EMBEDDING_INPUT_TYPE),
            Map.of());

    public static final ProviderDescriptor AZURE_OPENAI = new ProviderDescriptor(
            "azure-openai",
            null,
            "https://my-resource.openai.azure.com",
            new ConfigNeeds(true, true, null, "2024-10-21", true, false, true),
            allBut(JobField.EMBEDDING_INPUT_TYPE),
            Map.of());

    public static final ProviderDescriptor ANTHROPIC = new ProviderDescriptor(
            "anthropic",
            "https://api.anthropic.com",
            null,
            new ConfigNeeds(true, false, "2023-06-01", "2023-06-01", false, false, false),
            EnumSet.of(
                    JobField.MESSAGES,
                    JobField.TEXT_PARTS,
                    JobField.IMAGE_PARTS,
                    JobField.TOOL_MESSAGES,
                    JobField.TEMPERATURE,
                    JobField.TOP_P,
                    JobField.MAX_TOKENS,
                    JobField.STOP,
                    JobField.TOOLS,
                    JobField.TOOL_CHOICE,
                    JobField.EXTRA_BODY),
            Map.of());

    public static final ProviderDescriptor GEMINI = new ProviderDescriptor(
            "gemini",
            "https://generativelanguage.googleapis.com",
            null,
            ConfigNeeds.key(true),
            allBut(JobField.MESSAGE_NAME),
            Map.of());

    public static final ProviderDescriptor COHERE = new ProviderDescriptor(
            "cohere", "https://api.cohere.com", null, ConfigNeeds.key(true), allBut(JobField.MESSAGE_NAME), Map.of());

    /** An Inference Endpoint or a self-hosted TGI/TEI server: one endpoint per model, a token only when the server wants one. */
    public static final ProviderDescriptor HUGGINGFACE = new ProviderDescriptor(
            "huggingface",
            null,
            "https://xyz.us-east-1.aws.endpoints.huggingface.cloud or http://tgi:8080",
            ConfigNeeds.key(false),
            allBut(JobField.EMBEDDING_INPUT_TYPE, JobField.EMBEDDING_DIMENSIONS),
            Map.of());

    /** vLLM, Ollama, TGI, OpenRouter, any gateway: configuration, not code. */
    public static final ProviderDescriptor OPENAI_COMPATIBLE = new ProviderDescriptor(
            "openai-compatible",
            null,
            "http://localhost:8000/v1 or preset: vllm",
            ConfigNeeds.key(false),
            allBut(JobField.EMBEDDING_INPUT_TYPE),
            Map.of(
                    "vllm", new Preset("http://localhost:8000/v1", false),
                    "ollama", new Preset("http://localhost:11434/v1", false),
                    "openrouter", new Preset("https://openrouter.ai/api/v1", true),
                    "tgi", new Preset("http://localhost:8080/v1", false)));

    /** Every provider type, in the order the CLI lists them. */
    public static final List<ProviderDescriptor> ALL =
            List.of(OPENAI, AZURE_OPENAI, ANTHROPIC, GEMINI, COHERE, HUGGINGFACE, OPENAI_COMPATIBLE);

    /** id → type; the router looks a provider's type up for every candidate of every job. */
    private static final Map<String, ProviderDescriptor> BY_ID =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ProviderDescriptor::id, Function.identity()));

    private ProviderTypes() {}

    /** The type named {@code id} (trimmed, any case), if there is one. */
    public static Optional<ProviderDescriptor> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ProviderDescriptor exact = BY_ID.get(id); // as stored: no copy of the id
        return exact != null
                ? Optional.of(exact)
                : Optional.ofNullable(BY_ID.get(id.trim().toLowerCase(Locale.ROOT)));
    }

    /** The type named {@code id}; throws {@link IllegalArgumentException} naming the known types otherwise. */
    public static ProviderDescriptor forId(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown provider type '" + id + "'; known types: " + String.join(", ", ids())));
    }

    /** The type ids, in registry order. */
    public static List<String> ids() {
        return ALL.stream().map(ProviderDescriptor::id).toList();
    }
}
