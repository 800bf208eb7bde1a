/**
 * The Kafka-free kernel shared by every module: what is not wire contract (that is {@code schemas})
 * and not a service (processor, connectors, CLI). Nothing here imports {@code org.apache.kafka} or
 * {@code org.apache.avro}; {@code CoreIsKafkaFreeTest} keeps it so.
 */
package dev.roocode.core;
