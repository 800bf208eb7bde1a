/** The cohere provider type: Cohere's v2 API ({@code POST /v2/chat} and {@code POST /v2/embed}). */
package dev.roocode.connectors.provider.cohere;
