package dev.roocode.connectors.provider;

import dev.roocode.connectors.provider.anthropic.AnthropicAdapter;
import dev.roocode.connectors.provider.azureopenai.AzureOpenAiAdapter;
import dev.roocode.connectors.provider.cohere.CohereAdapter;
import dev.roocode.connectors.provider.gemini.GeminiAdapter;
import dev.roocode.connectors.provider.huggingface.HuggingFaceAdapter;
import dev.roocode.connectors.provider.openai.OpenAiAdapter;
import dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleAdapter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place where provider types are registered. Adding a provider type = one package under
 * {@code provider/} plus one line in {@link #ALL}; {@code ProviderAdaptersTest} checks that each
 * registered type has its contract test, fixtures and docs page.
 */
public final class ProviderAdapters {

    /** Every provider type this build supports, in registration order. */
    public static final List<ProviderAdapter> ALL = List.of(
            new OpenAiAdapter(),
            new AzureOpenAiAdapter(),
            new HuggingFaceAdapter(),
            new OpenAiCompatibleAdapter(),
            new AnthropicAdapter(),
            new GeminiAdapter(),
            new CohereAdapter());

    private static final Map<String, ProviderAdapter> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ProviderAdapter::type, Function.identity()));

    private ProviderAdapters() {}

    /** The adapter of {@code type}; throws {@link IllegalArgumentException} naming the known types otherwise. */
    public static ProviderAdapter forType(String type) {
        ProviderAdapter adapter = BY_TYPE.get(type);
        if (adapter == null) {
            throw new IllegalArgumentException("unknown provider type '" + type + "'; known types: " + types());
        }
        return adapter;
    }

    /** The registered type names, sorted. */
    public static List<String> types() {
        return BY_TYPE.keySet().stream().sorted().toList();
    }
}
