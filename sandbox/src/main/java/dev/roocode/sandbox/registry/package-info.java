/** An embedded schema registry speaking the Confluent Schema Registry REST API subset Roocode uses, stored in a compacted Kafka topic. */
package dev.roocode.sandbox.registry;
