/** Runs OpenAI Batch API JSONL files through Roocode and writes OpenAI batch output files. */
package dev.roocode.client.batch;
