package dev.roocode.connectors.batch;

import java.time.Duration;

/**
 * How a {@link Batcher} times its work.
 *
 * @param fallbackMargin how long before a job's deadline its line is given up and sent to a realtime provider
 * @param pollInitial    the first wait between status calls of a provider batch (doubles up to {@code pollMax})
 * @param pollMax        the longest wait between status calls
 */
public record BatchSettings(Duration fallbackMargin, Duration pollInitial, Duration pollMax) {}
