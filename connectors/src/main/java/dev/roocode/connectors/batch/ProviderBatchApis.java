package dev.roocode.connectors.batch;

import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.provider.azureopenai.AzureOpenAiAdapter;
import dev.roocode.connectors.provider.openai.OpenAiAdapter;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Set;

/** The batch API of each provider type that has one (openai, azure-openai, anthropic, gemini). */
public final class ProviderBatchApis {
    /** Provider types with a batch API implemented here. */
    public static final Set<String> TYPES = Set.of(OpenAiAdapter.TYPE, AzureOpenAiAdapter.TYPE);

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
        String type = config.getType();
        if (OpenAiAdapter.TYPE.equals(type)) {
            return new OpenAiBatchApi(config, apiKey, HttpTransport.over(http, Clock.systemUTC()));
        }
        if (AzureOpenAiAdapter.TYPE.equals(type)) {
            return new AzureOpenAiBatchApi(config, apiKey, HttpTransport.over(http, Clock.systemUTC()));
        }
        throw new IllegalArgumentException("provider type " + type + " has no batch API in Roocode");
    }
}
