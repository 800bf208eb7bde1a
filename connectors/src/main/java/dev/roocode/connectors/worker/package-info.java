/** Provider workers, the Kafka side: consume a provider's dispatch topic, run its jobs through the execution core in a bounded window, and publish attempts to outcomes or fallback. */
package dev.roocode.connectors.worker;
