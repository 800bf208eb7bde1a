/** A real single-node KRaft Kafka broker that runs inside the JVM, for the embedded default, tests and benchmarks. */
package dev.roocode.sandbox.kafka;
