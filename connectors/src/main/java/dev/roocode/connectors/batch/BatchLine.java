package dev.roocode.connectors.batch;

import dev.roocode.schemas.avro.DispatchedJob;

/**
 * One line of a provider batch.
 *
 * @param customId the line's id in the provider batch, unique within it and valid for every provider
 *                 ({@code [a-zA-Z0-9_-]{1,64}}, Anthropic's rule); the batcher maps it back to the job
 * @param job      the dispatched job whose request the line carries
 */
public record BatchLine(String customId, DispatchedJob job) {}
