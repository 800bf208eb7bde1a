/**
 * W3C trace context ({@code traceparent}) for a job's hops, and the SLF4J MDC fields every hop's log lines carry.
 */
package dev.roocode.core.trace;
