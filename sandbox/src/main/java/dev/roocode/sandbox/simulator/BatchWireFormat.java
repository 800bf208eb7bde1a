package dev.roocode.sandbox.simulator;

import io.undertow.server.HttpServerExchange;

/**
 * One provider's batch API over the shared engine ({@link BatchContext#batches()}): its paths, bodies and
 * batch objects. Credentials, required headers and error bodies are those of its realtime format
 * ({@link #realtime()}), checked by the simulator before {@link #handle} runs. A new provider's batch API
 * is one class implementing this and one line in {@link ProviderSimulator}'s batch format list.
 */
interface BatchWireFormat {

    /** Whether this batch API serves {@code path} (any method); checked before the realtime formats. */
    boolean serves(String path);

    /** The realtime format whose credential, call checks and error shape this batch API shares. */
    WireFormat realtime();

    /**
     * Answers one call, on a worker thread: blocking is allowed ({@code exchange.startBlocking()} then its
     * streams). Errors go through {@link BatchContext#sendError}.
     */
    void handle(HttpServerExchange exchange, BatchContext context) throws Exception;
}
