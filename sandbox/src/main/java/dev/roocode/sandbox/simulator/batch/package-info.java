/**
 * The simulator's provider-neutral batch engine: batches of lines answered by the realtime logic once a
 * simulated turnaround has passed, with partial failures, expiry and cancellation; wire formats put each
 * provider's batch API on it.
 */
package dev.roocode.sandbox.simulator.batch;
