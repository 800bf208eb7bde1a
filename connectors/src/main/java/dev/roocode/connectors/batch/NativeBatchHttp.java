package dev.roocode.connectors.batch;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP calls of the JSON batch APIs with every request inline (Anthropic Message Batches, Gemini batch
 * mode): one blocking call, a whole-exchange timeout, a non-2xx answer classified by the type's realtime
 * classifier, no answer NETWORK or TIMEOUT. Messages carry the method and path only: headers hold the key.
 */
final class NativeBatchHttp {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final ProviderAdapter adapter;
    private final Duration timeout;
    private final Clock clock;

    NativeBatchHttp(HttpClient client, ProviderAdapter adapter, Duration timeout, Clock clock) {
        this.client = client;
        this.adapter = adapter;
        this.timeout = timeout;
        this.clock = clock;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        String what = method + " " + uri.getPath();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ProviderException(ProviderError.of(
                    ErrorClass.TIMEOUT, true, what + ": no answer within " + timeout.toMillis() + " ms"));
        } catch (IOException e) {
            throw new ProviderException(ProviderError.of(
                    ErrorClass.NETWORK,
                    true,
                    what + ": no answer: " + e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderError.of(ErrorClass.NETWORK, true, what + ": interrupted"));
        } catch (IllegalArgumentException e) {
            throw ProviderException.permanent(ErrorClass.BAD_REQUEST, what + ": cannot send: " + e.getMessage());
        }
        HttpAnswer answer =
                new HttpAnswer(response.statusCode(), response.headers().map(), response.body(), clock.instant());
        if (!answer.isSuccess()) {
            ProviderError error = adapter.classify(answer);
            throw new ProviderException(new ProviderError(
                    error.errorClass(),
                    error.httpStatus(),
                    error.retryable(),
                    error.retryAfter(),
                    what + ": " + error.message(),
                    error.elsewhere()));
        }
        return answer;
    }
}
