package dev.roocode.connectors.execution;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The only class that touches {@link HttpClient}. One instance per worker, with its own client and
 * executor (see PERFORMANCE.md: on 2 CPUs the common pool makes the JDK 17 client start a thread
 * per response). Connection failures become NETWORK, timeouts TIMEOUT; an answer that arrives after
 * the timeout is ignored.
 */
public final class HttpTransport implements Transport {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final ScheduledExecutorService timer;
    private final Clock clock;

    /**
     * @param executor runs the client's callbacks; it must not be a single thread shared with blocking work
     * @param timer enforces the whole-exchange timeout (the client's own covers only the headers); give it
     *     remove-on-cancel, since every call schedules a guard that is cancelled when the call answers
     */
    public HttpTransport(Executor executor, ScheduledExecutorService timer, Clock clock, Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(connectTimeout)
                // HTTP/1.1: plain-http servers (vLLM, TGI, the simulator) mishandle the h2c upgrade; the window
                // bounds the connection pool anyway
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timer = timer;
        this.clock = clock;
    }

    private HttpTransport(HttpClient client, ScheduledExecutorService timer, Clock clock) {
        this.client = client;
        this.timer = timer;
        this.clock = clock;
    }

    /**
     * A transport over a client its caller built and owns (the provider batch APIs get the batcher's). Its
     * timeout guards run on one shared daemon timer: batch calls are few, and the caller's client has no
     * timer of ours to borrow.
     */
    public static HttpTransport over(HttpClient client, Clock clock) {
        return new HttpTransport(client, SharedTimer.INSTANCE, clock);
    }

    /**
     * The client a connectors batcher hands to its provider's batch API (and so to {@link #over}): HTTP/1.1 and no
     * redirects, like a worker's; the client's own executor, since a batcher makes few calls.
     */
    public static HttpClient batchClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The guard timer of {@link #over} transports, started on first use. */
    private static final class SharedTimer {
        static final ScheduledExecutorService INSTANCE = timer();

        private static ScheduledExecutorService timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "roocode-http-guard");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    @Override
    public CompletableFuture<HttpAnswer> send(HttpCall call, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri())
                .timeout(timeout)
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new ProviderException(
                    ProviderError.of(ErrorClass.BAD_REQUEST, false, "cannot send: " + e.getMessage())));
            return result;
        }
        sent.whenComplete((response, failure) -> {
            if (failure == null) {
                result.complete(new HttpAnswer(
                        response.statusCode(), response.headers().map(), response.body(), clock.instant()));
            } else {
                result.completeExceptionally(classify(failure, timeout));
            }
        });
        // the client's own timeout ends at the response headers; this one also bounds reading the body
        ScheduledFuture<?> guard = timer.schedule(
                () -> {
                    if (result.completeExceptionally(timedOut(timeout))) {
                        sent.cancel(true);
                    }
                },
                timeout.toMillis() + 50,
                TimeUnit.MILLISECONDS);
        result.whenComplete((answer, failure) -> guard.cancel(false));
        return result;
    }

    private static ProviderException classify(Throwable failure, Duration timeout) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return timedOut(timeout);
        }
        if (cause instanceof CancellationException) {
            return timedOut(timeout);
        }
        String what = cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        // IOException (refused, reset, closed) and anything else the client throws: no answer came
        return new ProviderException(ProviderError.of(ErrorClass.NETWORK, true, "no answer: " + what), cause);
    }

    private static ProviderException timedOut(Duration timeout) {
        return new ProviderException(
                ProviderError.of(ErrorClass.TIMEOUT, true, "no answer within " + timeout.toMillis() + " ms"));
    }
}
