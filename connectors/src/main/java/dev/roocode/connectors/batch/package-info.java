/**
 * Provider batch APIs (OpenAI Files + Batches, Azure OpenAI global batch, Anthropic Message Batches,
 * Gemini batch mode) behind one interface, {@link dev.roocode.connectors.batch.ProviderBatchApi}, and the
 * batcher that groups a {@code <provider>:batch} candidate's dispatched jobs into provider batches.
 */
package dev.roocode.connectors.batch;
