package dev.roocode.connectors.batch;

import dev.roocode.schemas.avro.ProviderConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Set;

/** The batch API of each provider type that has one (openai, azure-openai, anthropic, gemini). */
public final class ProviderBatchApis {
    /** Provider types with a batch API implemented here. */
    public static final Set<String> TYPES = Set.of("anthropic", "gemini");

    private ProviderBatchApis() {}

    /** Whether {@code type} has a batch API here. */
    public static boolean supports(String type) {
        return TYPES.contains(type);
    }

    /**
     * The batch API of {@code config}'s provider.
     *
     * @param apiKey the resolved key, or null when the provider needs none; never put in messages
     * @throws IllegalArgumentException when its type has no batch API
     */
    public static ProviderBatchApi create(ProviderConfig config, String apiKey, HttpClient http) {
        return switch (config.getType()) {
            case "anthropic" -> new AnthropicBatchApi(config, apiKey, http, Clock.systemUTC());
            case "gemini" -> new GeminiBatchApi(config, apiKey, http, Clock.systemUTC());
            default ->
                throw new IllegalArgumentException(
                        "provider type " + config.getType() + " has no batch API in Roocode");
        };
    }
}
