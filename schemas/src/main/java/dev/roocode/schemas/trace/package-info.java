/** The {@code traceparent} Kafka record header: read from a record, written on the records a hop produces. */
package dev.roocode.schemas.trace;
