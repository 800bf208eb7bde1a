/** The anthropic provider type: Anthropic's Messages API ({@code POST /v1/messages}); chat only, Anthropic has no embeddings API. */
package dev.roocode.connectors.provider.anthropic;
