package dev.roocode.sandbox.simulator;

import dev.roocode.sandbox.simulator.batch.BatchLine;
import dev.roocode.sandbox.simulator.batch.LineAnswerer;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import dev.roocode.sandbox.simulator.batch.SimFiles;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * What a {@link BatchWireFormat} works with: the shared batch engine and file store, the simulator's clock,
 * and line answerers backed by the realtime pipeline.
 */
final class BatchContext {

    /**
     * Where a batch line goes in realtime: the operation and path the realtime format would parse its body
     * at (e.g. Azure's deployment path built from the line's model).
     */
    record LineCall(Operation operation, String path, byte[] body) {}

    /** Maps a line to its realtime call; throws for a line the provider would answer with an error. */
    @FunctionalInterface
    interface LineRoute {
        LineCall route(BatchLine line) throws InvalidRequestException;
    }

    private final SimBatches batches;
    private final SimFiles files;
    private final Clock clock;
    private final SimulatorHandler handler;

    BatchContext(SimBatches batches, SimFiles files, Clock clock, SimulatorHandler handler) {
        this.batches = batches;
        this.files = files;
        this.clock = clock;
        this.handler = handler;
    }

    SimBatches batches() {
        return batches;
    }

    SimFiles files() {
        return files;
    }

    Clock clock() {
        return clock;
    }

    /** Answers lines of {@code format} as its realtime calls, routed by {@code route}. */
    LineAnswerer answerer(WireFormat format, LineRoute route) {
        return new LineAnswerer() {
            @Override
            public Answer answer(BatchLine line, String drawKey) {
                LineCall call;
                try {
                    call = route.route(line);
                } catch (InvalidRequestException e) {
                    return new Answer(
                            format.status(e.kind),
                            format.error(new SimError(e.kind, e.getMessage(), e.param, 0, null)));
                }
                return handler.answerLine(format, call.operation(), call.path(), call.body(), drawKey);
            }

            @Override
            public byte[] error(BatchLine line, int status, String message) {
                ErrorKind kind = status == 503 ? ErrorKind.OVERLOADED : ErrorKind.SERVER_ERROR;
                return format.error(new SimError(kind, message, null, 0, null));
            }
        };
    }

    /** Answers an error in {@code format}'s shape and status. */
    static void sendError(
            HttpServerExchange exchange, WireFormat format, ErrorKind kind, String message, String param) {
        send(exchange, format.status(kind), format.error(new SimError(kind, message, param, 0, null)));
    }

    /** Answers a JSON body. */
    static void send(HttpServerExchange exchange, int status, byte[] body) {
        send(exchange, status, "application/json", body);
    }

    /** Answers a body of any type (a file's content). */
    static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
