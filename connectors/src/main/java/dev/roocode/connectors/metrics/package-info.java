/** The connectors' meters (provider calls, latency, retries, 429s, pacing, in-flight, breaker, budgets, tokens, dispatch lag), defined in one place. */
package dev.roocode.connectors.metrics;
