package dev.roocode.sandbox.simulator;

import dev.roocode.sandbox.simulator.batch.LineAnswerer;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import dev.roocode.sandbox.simulator.batch.SimFiles;
import dev.roocode.schemas.RequestIds;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The request pipeline every wire format shares: route, count, authenticate, read the body without
 * blocking, apply the model's directives, answer.
 *
 * <p>Everything runs on the connection's IO thread. A delayed answer is a timer on that same IO thread
 * ({@code XnioIoThread.executeAfter}) and a held one ({@code timeout}) is an exchange nobody ends, so no
 * thread ever sleeps or waits for a slow model; thousands of pending calls cost only their exchanges.
 */
final class SimulatorHandler implements HttpHandler {

    static final HttpString ROOCODE_REQUEST_ID = new HttpString("X-Roocode-Request-Id");
    /** How long a {@code timeout} model holds a connection before dropping it, to bound leaked exchanges. */
    static final long HOLD_MS = TimeUnit.MINUTES.toMillis(5);

    private static final Logger log = LoggerFactory.getLogger(SimulatorHandler.class);
    private static final String JSON = "application/json";
    private static final String OVERLOADED = "The server is overloaded or not ready yet.";

    private final List<WireFormat> formats;
    private final String apiKey;
    private final long seed;
    private final Clock clock;
    private final long windowMs;
    private final CallCounter counter;
    private final ConcurrentHashMap<String, Object> directivesByModel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final AtomicLong anonymousCalls = new AtomicLong();
    private final List<BatchWireFormat> batchFormats;
    private final BatchContext batchContext;

    SimulatorHandler(
            List<WireFormat> formats,
            List<BatchWireFormat> batchFormats,
            String apiKey,
            long seed,
            Clock clock,
            long windowMs,
            CallCounter counter,
            SimBatches batches,
            SimFiles files) {
        this.formats = List.copyOf(formats);
        this.batchFormats = List.copyOf(batchFormats);
        this.batchContext = new BatchContext(batches, files, clock, this);
        this.apiKey = apiKey;
        this.seed = seed;
        this.clock = clock;
        this.windowMs = windowMs;
        this.counter = counter;
    }

    /** What batch wire formats work with (the engine, the files, line answerers on this pipeline). */
    BatchContext batchContext() {
        return batchContext;
    }

    /** Forgets every rate-limit window, so a test starts with full budgets. */
    void resetLimits() {
        limiters.clear();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        for (BatchWireFormat batch : batchFormats) {
            if (batch.serves(path)) {
                serveBatch(exchange, batch);
                return;
            }
        }
        Route route = route(path);
        if (route.operation() == null) {
            sendError(
                    exchange,
                    route.format(),
                    ErrorKind.NOT_FOUND,
                    "Invalid URL (" + exchange.getRequestMethod() + " " + path + ")",
                    null,
                    null);
            return;
        }
        if (!Methods.POST.equals(exchange.getRequestMethod())) {
            sendError(
                    exchange,
                    route.format(),
                    ErrorKind.METHOD_NOT_ALLOWED,
                    "Invalid method for URL (" + exchange.getRequestMethod() + " " + path + ")",
                    null,
                    null);
            return;
        }
        String requestId =
                RequestIds.fromHeaderValue(exchange.getRequestHeaders().getFirst(ROOCODE_REQUEST_ID));
        // Calls without an id still get distinct draws, from a sequence of their own.
        long attempt = counter.record(requestId, exchange.getRequestHeaders().getFirst("traceparent"));
        if (requestId == null) {
            attempt = anonymousCalls.incrementAndGet();
        }
        Draws draws = new Draws(seed, requestId, attempt);
        WireFormat format = route.format();
        if (!admitted(exchange, format, draws.id())) {
            return;
        }
        exchange.getRequestReceiver()
                .receiveFullBytes(
                        (ex, body) -> guarded(ex, () -> onBody(ex, route, path, draws, body)),
                        (ex, e) -> IoUtils.safeClose(ex.getConnection()));
    }

    /**
     * Checks the credential and the format's call checks; answers the error and returns false when refused.
     */
    private boolean admitted(HttpServerExchange exchange, WireFormat format, String responseId) {
        if (apiKey != null) {
            String presented = format.presentedApiKey(exchange);
            if (!apiKey.equals(presented)) {
                // The presented key is never echoed: it may be a real secret sent to the wrong place.
                sendError(
                        exchange,
                        format,
                        presented == null ? ErrorKind.MISSING_API_KEY : ErrorKind.INVALID_API_KEY,
                        format.unauthorizedMessage(presented == null),
                        null,
                        responseId);
                return false;
            }
        }
        try {
            format.checkCall(exchange);
        } catch (InvalidRequestException e) {
            sendError(exchange, format, e.kind, e.getMessage(), e.param, responseId);
            return false;
        }
        return true;
    }

    /**
     * A batch API call: admitted like its realtime format's calls, then handled on a worker thread, since
     * uploads and result files are read and written whole (batch calls are few; realtime calls never wait).
     */
    private void serveBatch(HttpServerExchange exchange, BatchWireFormat batch) {
        if (!admitted(exchange, batch.realtime(), null)) {
            return;
        }
        exchange.dispatch(() -> guarded(exchange, () -> {
            try {
                exchange.startBlocking();
                batch.handle(exchange, batchContext);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /**
     * Runs a step of the pipeline so that a bug in it answers 500 instead of leaving the client waiting on an
     * exchange nobody ends (callbacks and IO-thread timers swallow exceptions).
     */
    private static void guarded(HttpServerExchange exchange, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("Provider simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), e);
            if (exchange.isResponseStarted()) {
                IoUtils.safeClose(exchange.getConnection());
            } else {
                exchange.getResponseHeaders().clear();
                send(
                        exchange,
                        500,
                        ("{\"error\":{\"message\":\"provider simulator bug: "
                                        + e.getClass().getSimpleName()
                                        + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The format serving {@code path}; when none does, the owner of the path (else OpenAI) with no operation. */
    private Route route(String path) {
        for (WireFormat format : formats) {
            Operation operation = format.operation(path);
            if (operation != null) {
                return new Route(format, operation);
            }
        }
        for (WireFormat format : formats) {
            if (format.owns(path)) {
                return new Route(format, null);
            }
        }
        return new Route(formats.get(0), null);
    }

    private void onBody(HttpServerExchange exchange, Route route, String path, Draws draws, byte[] body) {
        WireFormat format = route.format();
        String responseId = draws.id();
        SimRequest request;
        Directives directives;
        try {
            request = format.parse(route.operation(), path, body);
            directives = directives(request.model());
        } catch (InvalidRequestException e) {
            sendError(exchange, format, e.kind, e.getMessage(), e.param, responseId);
            return;
        }
        if (directives.down()) {
            sendError(exchange, format, ErrorKind.OVERLOADED, OVERLOADED, null, responseId);
            return;
        }
        if (directives.timeout()) {
            later(exchange, HOLD_MS, () -> IoUtils.safeClose(exchange.getConnection()));
            return;
        }
        RateLimitState limit = null;
        if (directives.always429()) {
            limit = RateLimitState.alwaysLimited(directives.rpm(), directives.tpm());
        } else if (directives.rateLimited()) {
            RateLimiter limiter = limiters.computeIfAbsent(
                    request.model(), m -> new RateLimiter(directives.rpm(), directives.tpm(), windowMs));
            limit = limiter.acquire(ChatReply.rateLimitTokens(request), clock.millis());
        }
        if (limit != null && !limit.allowed()) {
            format.rateLimitHeaders(limit, clock.millis(), exchange.getResponseHeaders());
            ErrorKind kind = limit.tokensExceeded() ? ErrorKind.RATE_LIMIT_TOKENS : ErrorKind.RATE_LIMIT_REQUESTS;
            sendError(
                    exchange,
                    format,
                    new SimError(
                            kind, rateLimitMessage(request.model(), limit), null, limit.retryAfterMs(), responseId));
            return;
        }
        long delay = directives.latencyMs() + draws.upTo(directives.jitterMs(), 1);
        RateLimitState granted = limit;
        Runnable answer = () -> guarded(exchange, () -> answer(exchange, format, request, directives, draws, granted));
        if (delay <= 0) {
            answer.run();
        } else {
            later(exchange, delay, answer);
        }
    }

    private void answer(
            HttpServerExchange exchange,
            WireFormat format,
            SimRequest request,
            Directives directives,
            Draws draws,
            RateLimitState limit) {
        Reply reply = reply(format, request, directives, draws);
        if (reply.reset()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        if (limit != null) {
            format.rateLimitHeaders(limit, clock.millis(), exchange.getResponseHeaders());
        }
        if (reply.error() != null) {
            sendError(exchange, format, reply.error());
            return;
        }
        format.responseHeaders(draws.id(), exchange.getResponseHeaders());
        send(exchange, 200, reply.body());
    }

    /**
     * What a call answers once its latency has passed: a reset, a drawn fault or the format's body (truncated
     * for a {@code malformed} draw). Shared by realtime calls and batch lines.
     */
    private Reply reply(WireFormat format, SimRequest request, Directives directives, Draws draws) {
        if (draws.percent(directives.resetPct(), 2)) {
            return new Reply(true, null, null);
        }
        String responseId = draws.id();
        if (draws.percent(directives.flakyPct(), 3)) {
            SimError error = draws.percent(50, 4)
                    ? new SimError(
                            ErrorKind.SERVER_ERROR,
                            "The server had an error while processing your request. Sorry about that!",
                            null,
                            0,
                            responseId)
                    : new SimError(ErrorKind.OVERLOADED, OVERLOADED, null, 0, responseId);
            return new Reply(false, error, null);
        }
        byte[] body = request.operation() == Operation.CHAT
                ? format.chatResponse(request, ChatReply.answer(request), responseId, clock.millis() / 1000)
                : format.embeddingsResponse(request, responseId);
        if (draws.percent(directives.malformedPct(), 5)) {
            body = Arrays.copyOf(body, body.length / 2);
        }
        return new Reply(false, null, body);
    }

    /** A call's answer: a dropped connection, an error, or a 200 body. */
    private record Reply(boolean reset, SimError error, byte[] body) {}

    /**
     * Answers a batch line as a realtime call with this body would be answered, without its latency and rate
     * limits (a batch has neither): a bad body or model name is its 400, {@code down} a 503, {@code flaky} and
     * {@code malformed} are drawn as in realtime, a {@code reset} draw is a 500 (a batch line has no
     * connection to drop), and {@code timeout} never answers (null: the line stays open until its batch
     * expires). Draws are keyed by {@code drawKey} (the batch and line), attempt 1.
     */
    LineAnswerer.Answer answerLine(WireFormat format, Operation operation, String path, byte[] body, String drawKey) {
        Draws draws = new Draws(seed, drawKey, 1);
        String responseId = draws.id();
        SimRequest request;
        Directives directives;
        try {
            request = format.parse(operation, path, body);
            directives = directives(request.model());
        } catch (InvalidRequestException e) {
            return lineError(format, new SimError(e.kind, e.getMessage(), e.param, 0, responseId));
        }
        if (directives.down()) {
            return lineError(format, new SimError(ErrorKind.OVERLOADED, OVERLOADED, null, 0, responseId));
        }
        if (directives.timeout()) {
            return null;
        }
        Reply reply = reply(format, request, directives, draws);
        if (reply.reset()) {
            return lineError(
                    format,
                    new SimError(
                            ErrorKind.SERVER_ERROR,
                            "The server had an error while processing your request. Sorry about that!",
                            null,
                            0,
                            responseId));
        }
        return reply.error() != null ? lineError(format, reply.error()) : new LineAnswerer.Answer(200, reply.body());
    }

    private static LineAnswerer.Answer lineError(WireFormat format, SimError error) {
        return new LineAnswerer.Answer(format.status(error.kind()), format.error(error));
    }

    private Directives directives(String model) throws InvalidRequestException {
        Object parsed = directivesByModel.get(model);
        if (parsed == null) {
            parsed = directivesByModel.computeIfAbsent(model, m -> {
                try {
                    return Directives.parse(m);
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            });
        }
        if (parsed instanceof String problem) {
            throw new InvalidRequestException(ErrorKind.INVALID_VALUE, problem, "model");
        }
        return (Directives) parsed;
    }

    private static String rateLimitMessage(String model, RateLimitState limit) {
        boolean tokens = limit.tokensExceeded();
        return "Rate limit reached for " + model + " on " + (tokens ? "tokens per min (TPM)" : "requests per min (RPM)")
                + ": Limit " + (tokens ? limit.limitTokens() : limit.limitRequests())
                + ". Please try again in " + GoDuration.format(limit.retryAfterMs()) + ".";
    }

    /**
     * Runs {@code task} on this exchange's IO thread after {@code delayMs}. Dispatching to the same-thread
     * executor tells Undertow the exchange outlives this call, so it is neither ended nor handed to a worker.
     */
    private static void later(HttpServerExchange exchange, long delayMs, Runnable task) {
        exchange.dispatch(
                SameThreadExecutor.INSTANCE,
                () -> exchange.getIoThread().executeAfter(task, delayMs, TimeUnit.MILLISECONDS));
    }

    /** Answers an error in the format's shape and status, with its per-response headers when there is an id. */
    private static void sendError(
            HttpServerExchange exchange,
            WireFormat format,
            ErrorKind kind,
            String message,
            String param,
            String responseId) {
        sendError(exchange, format, new SimError(kind, message, param, 0, responseId));
    }

    private static void sendError(HttpServerExchange exchange, WireFormat format, SimError error) {
        if (error.responseId() != null) {
            format.responseHeaders(error.responseId(), exchange.getResponseHeaders());
        }
        send(exchange, format.status(error.kind()), format.error(error));
    }

    private static void send(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
