/** {@code bench/run peer}: {@code roocode run} against a Python script with the official openai SDK on one simulator. */
package dev.roocode.bench.peer;
