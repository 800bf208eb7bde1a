/** Turns attempt outcomes into the one terminal Result per requestId, re-routing failures to the next provider. */
package dev.roocode.processor.finalizer;
