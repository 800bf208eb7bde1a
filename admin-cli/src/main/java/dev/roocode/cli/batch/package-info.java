/** Work on a cluster: {@code submit}, {@code batches}, {@code results}. */
package dev.roocode.cli.batch;
