package dev.roocode.api;

import dev.roocode.api.auth.Caller;
import io.undertow.server.HttpServerExchange;

/**
 * One route's handler. Runs on a worker thread (blocking I/O is fine); an {@link
 * dev.roocode.api.http.ApiException} it throws is answered in OpenAI's shape, anything else as a 500
 * without internals (and logged).
 */
@FunctionalInterface
public interface Route {
    /**
     * @param caller the authenticated caller, or null on a {@link Access#PUBLIC} route
     */
    void handle(HttpServerExchange exchange, Caller caller) throws Exception;
}
