/** Benchmarks of the provider worker (slow provider, quota, recovery) as plain mains, not tests. */
package dev.roocode.connectors.bench;
