/** The openai-compatible provider type: any server speaking OpenAI's chat completions and embeddings API (vLLM, Ollama, TGI, OpenRouter, gateways). */
package dev.roocode.connectors.provider.openaicompatible;
