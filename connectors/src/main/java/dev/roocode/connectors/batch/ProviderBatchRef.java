package dev.roocode.connectors.batch;

import java.util.Map;

/**
 * A provider batch as the provider names it.
 *
 * @param id    the provider's batch id (OpenAI {@code batch_...}, Anthropic {@code msgbatch_...}, Gemini
 *              {@code batches/...})
 * @param extra other ids a later call needs (e.g. OpenAI's input file id), by name; empty when none
 */
public record ProviderBatchRef(String id, Map<String, String> extra) {
    public ProviderBatchRef {
        extra = Map.copyOf(extra);
    }
}
