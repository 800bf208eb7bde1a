/** The huggingface provider type: TGI chat (OpenAI-compatible route) and feature-extraction embeddings on Inference Endpoints. */
package dev.roocode.connectors.provider.huggingface;
