package dev.roocode.sandbox.simulator;

import dev.roocode.sandbox.simulator.batch.SimBatches;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/**
 * The simulator's own endpoints under {@code /_sim/}, so a simulator in another process can be read by
 * benchmarks and reliability runs: {@code GET /_sim/stats} answers the call counters as JSON
 * ({@code totalCalls}, {@code distinctRequestIds}, {@code duplicateCalls}, {@code maxCallsPerId}, and the
 * batch engine's {@code batchCreations}, {@code duplicateBatchCreations}) and
 * {@code POST /_sim/reset} forgets them. Everything else goes to the provider handler.
 */
final class StatsHandler implements HttpHandler {

    static final String PREFIX = "/_sim/";

    private final HttpHandler next;
    private final CallCounter counter;
    private final SimBatches batches;
    private final Runnable reset;

    StatsHandler(HttpHandler next, CallCounter counter, SimBatches batches, Runnable reset) {
        this.next = next;
        this.counter = counter;
        this.batches = batches;
        this.reset = reset;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (!path.startsWith(PREFIX)) {
            next.handleRequest(exchange);
            return;
        }
        if (exchange.isInIoThread()) {
            // walking the counters of 100k+ ids takes milliseconds: not on an IO thread serving calls
            exchange.dispatch(this);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (path.equals(PREFIX + "stats") && exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.getResponseSender()
                    .send(String.format(
                            "{\"totalCalls\":%d,\"distinctRequestIds\":%d,\"duplicateCalls\":%d,\"maxCallsPerId\":%d,"
                                    + "\"batchCreations\":%d,\"duplicateBatchCreations\":%d}",
                            counter.totalCalls(),
                            counter.distinctRequestIds(),
                            counter.duplicateCalls(),
                            counter.maxCallsPerId(),
                            batches.creations(),
                            batches.duplicateCreations()));
        } else if (path.equals(PREFIX + "reset") && exchange.getRequestMethod().equals(Methods.POST)) {
            reset.run();
            exchange.getResponseSender().send("{}");
        } else {
            exchange.setStatusCode(404);
            exchange.getResponseSender().send("{\"error\":\"GET /_sim/stats or POST /_sim/reset\"}");
        }
    }
}
