/** The reliability suite: faults injected into real processes, Results and provider calls counted. */
package dev.roocode.bench.reliability;
