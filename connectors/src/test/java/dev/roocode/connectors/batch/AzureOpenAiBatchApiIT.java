package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.provider;

import dev.roocode.schemas.avro.ProviderConfig;
import java.util.Map;

/**
 * Azure OpenAI global batch against the simulator: the logical model {@code small} maps to a deployment,
 * which the lines carry as their model.
 */
class AzureOpenAiBatchApiIT extends OpenAiFormatBatchApiContract {

    @Override
    ProviderConfig config(String url, long timeoutMs) {
        return provider("azure-batch", url)
                .setType("azure-openai")
                .setApiVersion("2024-10-21")
                .setDeployments(Map.of())
                .setTimeoutMs(timeoutMs)
                .build();
    }
}
