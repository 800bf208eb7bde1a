/** The scenarios the runner knows, and the pipelines they compare. */
package dev.roocode.bench.scenario;
