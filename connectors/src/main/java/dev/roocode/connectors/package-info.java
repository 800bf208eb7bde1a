/** Provider workers that execute dispatched LLM jobs over HTTP and report attempts back to Kafka. */
package dev.roocode.connectors;
