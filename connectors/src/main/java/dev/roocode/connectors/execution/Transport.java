package dev.roocode.connectors.execution;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one HTTP call asynchronously. The future fails with a
 * {@link dev.roocode.connectors.provider.ProviderException} of class NETWORK or TIMEOUT when no
 * answer came; any HTTP status is an answer. {@link HttpTransport} is the real implementation.
 */
@FunctionalInterface
public interface Transport {

    CompletableFuture<HttpAnswer> send(HttpCall call, Duration timeout);
}
