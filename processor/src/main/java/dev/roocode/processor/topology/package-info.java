/** The Streams topology: named sources, processors, stores and sinks, and the internal value types they exchange. */
package dev.roocode.processor.topology;
