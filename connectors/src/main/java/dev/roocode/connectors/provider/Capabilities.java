package dev.roocode.connectors.provider;

/**
 * What a provider type can do. Workers refuse a job that needs a missing capability with a clear
 * BAD_REQUEST instead of sending it and failing obscurely.
 *
 * @param maxContext largest context window the type supports in tokens, 0 when it depends on the model
 */
public record Capabilities(boolean chat, boolean embeddings, boolean tools, boolean json, boolean vision, boolean batchApi, int maxContext) {}
