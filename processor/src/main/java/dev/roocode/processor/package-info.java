/**
 * The Roocode processor: one Kafka Streams application (exactly_once_v2) that routes jobs to
 * provider dispatch topics and finalizes attempts into exactly one Result per requestId.
 * {@link dev.roocode.processor.ProcessorApp} runs it; {@link dev.roocode.processor.ProcessorConfig}
 * declares its settings.
 */
package dev.roocode.processor;
