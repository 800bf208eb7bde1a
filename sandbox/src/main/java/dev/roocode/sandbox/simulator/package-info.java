/** A local, non-blocking HTTP server that imitates LLM providers' wire formats with scripted latency, rate limits and faults, for demos, tests and benchmarks. */
package dev.roocode.sandbox.simulator;
