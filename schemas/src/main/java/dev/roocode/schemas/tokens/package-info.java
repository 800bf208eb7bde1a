/** A Job seen by core's token estimator: the adapter from the wire type to its Kafka-free prompt. */
package dev.roocode.schemas.tokens;
