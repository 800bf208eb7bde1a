/** The benchmark runner: {@link dev.roocode.bench.Scenario}s, their options and context, and the main. */
package dev.roocode.bench;
