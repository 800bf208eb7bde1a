/** The Kafka-free execution core: one job's attempts over HTTP with retries, pacing and a circuit breaker, and the outcome they end in. */
package dev.roocode.connectors.execution;
