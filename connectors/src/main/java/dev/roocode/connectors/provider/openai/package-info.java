/** The openai provider type: OpenAI's chat completions and embeddings API with organization and project headers. */
package dev.roocode.connectors.provider.openai;
