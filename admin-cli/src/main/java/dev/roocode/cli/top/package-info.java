/** {@code roocode top}: each provider's rates, latency quantiles, errors and backlog, from the services' Prometheus endpoints. */
package dev.roocode.cli.top;
