/** Reads submitted jobs: decodes, deduplicates, validates and hands them to the router. */
package dev.roocode.processor.intake;
