/**
 * Roocode's wire contract: Avro records generated into {@code dev.roocode.schemas.avro}, the
 * Confluent-format serde, the schema-registry client, the typed topic registry and the OpenAI
 * Batch JSONL codec.
 */
package dev.roocode.schemas;
