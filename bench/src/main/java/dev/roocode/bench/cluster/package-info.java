/** Roocode and its infrastructure as separate JVM processes that can be killed for real. */
package dev.roocode.bench.cluster;
