/**
 * Pieces the non-OpenAI provider packages share so none copies them: JSON text handling, endpoint
 * joining, data URIs, and the OpenAI-shaped tools and response formats a job carries, read once.
 */
package dev.roocode.connectors.provider.support;
