/**
 * Roocode's Java client: {@link dev.roocode.client.RoocodeClient} submits jobs and reads Results;
 * {@link dev.roocode.client.batch.BatchRunner} runs a whole OpenAI batch file through a cluster.
 */
package dev.roocode.client;
