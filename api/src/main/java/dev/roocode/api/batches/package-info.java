/** Batches: {@code POST/GET /v1/batches}, {@code GET /v1/batches/{id}}, {@code POST /v1/batches/{id}/cancel}, with OpenAI's lifecycle, run as Roocode jobs through Kafka. */
package dev.roocode.api.batches;
