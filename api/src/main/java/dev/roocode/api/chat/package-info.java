/** Synchronous calls through Kafka: {@code POST /v1/chat/completions}, {@code /v1/embeddings} and {@code /v1/responses}. */
package dev.roocode.api.chat;
