/**
 * The OpenAI Batch API JSONL codec: input lines decode to {@link dev.roocode.schemas.avro.Job}s and
 * {@link dev.roocode.schemas.avro.Result}s encode to output lines, so an OpenAI batch file runs
 * unchanged through Roocode.
 */
package dev.roocode.schemas.batch;
