package dev.roocode.connectors.batch;

import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The calls of the JSON batch APIs with every request inline (Anthropic Message Batches, Gemini batch mode),
 * over the connectors' {@link Transport}: one blocking call with its timeout, a non-2xx answer classified by
 * the type's realtime classifier, no answer NETWORK or TIMEOUT (the transport's). Messages add the method and
 * path only: headers hold the key.
 */
final class NativeBatchHttp {
    private final Transport transport;
    private final ProviderAdapter adapter;
    private final Duration timeout;

    NativeBatchHttp(Transport transport, ProviderAdapter adapter, Duration timeout) {
        this.transport = transport;
        this.adapter = adapter;
        this.timeout = timeout;
    }

    /** The timeout of one call. */
    Duration timeout() {
        return timeout;
    }

    /** The 2xx answer of {@code method uri}; a {@link ProviderException} classified as the realtime path does otherwise. */
    HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body) {
        return send(method, uri, headers, body, timeout);
    }

    /** As {@link #send(String, URI, Map, byte[])} with its own timeout (a results download may take longer). */
    HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        String what = method + " " + uri.getPath();
        HttpAnswer answer;
        try {
            answer = transport
                    .send(new HttpCall("batch", method, uri, headers, body), timeout)
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException failure) {
                throw withContext(failure.error(), what);
            }
            throw new ProviderException(ProviderError.of(
                    ErrorClass.NETWORK,
                    true,
                    what + ": failed: " + e.getCause().getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderError.of(ErrorClass.NETWORK, true, what + ": interrupted"));
        }
        if (!answer.isSuccess()) {
            throw withContext(adapter.classify(answer), what);
        }
        return answer;
    }

    private static ProviderException withContext(ProviderError error, String what) {
        return new ProviderException(new ProviderError(
                error.errorClass(),
                error.httpStatus(),
                error.retryable(),
                error.retryAfter(),
                what + ": " + error.message(),
                error.elsewhere()));
    }
}
