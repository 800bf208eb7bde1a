package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.provider;

import dev.roocode.schemas.avro.ProviderConfig;

/** OpenAI's Files + Batches API against the simulator. */
class OpenAiBatchApiIT extends OpenAiFormatBatchApiContract {

    @Override
    ProviderConfig config(String url, long timeoutMs) {
        return provider("openai-batch", url)
                .setType("openai")
                .setTimeoutMs(timeoutMs)
                .build();
    }
}
