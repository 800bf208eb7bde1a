/** {@code bench/run api}: the OpenAI-compatible HTTP API against {@code roocode run} and the floor. */
package dev.roocode.bench.api;
