/** The load generator: sends jobs, collects answers, measures throughput and latency. */
package dev.roocode.bench.load;
