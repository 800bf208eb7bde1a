/**
 * The assembly of the Streams topology: every named source, processor, store and sink, and the small
 * nodes that only wire them (the emit sink's serde and topic extractor, delta buffers, global store updaters).
 */
package dev.roocode.processor.topology;
