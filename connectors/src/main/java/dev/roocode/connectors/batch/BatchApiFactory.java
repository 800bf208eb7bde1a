package dev.roocode.connectors.batch;

import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.schemas.avro.ProviderConfig;

/** Which provider types have a batch API and how one is made; the runtime's default is {@link ProviderBatchApis}. */
public interface BatchApiFactory {
    /** The batch APIs of {@link ProviderBatchApis}, each with its own HTTP client. */
    BatchApiFactory DEFAULT = new BatchApiFactory() {
        @Override
        public boolean supports(String type) {
            return ProviderBatchApis.supports(type);
        }

        @Override
        public ProviderBatchApi create(ProviderConfig provider, String apiKey) {
            return ProviderBatchApis.create(provider, apiKey, HttpTransport.batchClient());
        }
    };

    /** Whether providers of {@code type} can get a batcher. */
    boolean supports(String type);

    /**
     * The batch API of {@code provider}.
     *
     * @param apiKey the resolved key, or null; never put in messages
     */
    ProviderBatchApi create(ProviderConfig provider, String apiKey);
}
