/** Per-provider live state (rates, backlog, latency, error rate) aggregated from dispatches and usage, published on provider-state. */
package dev.roocode.processor.state;
