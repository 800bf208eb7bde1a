package dev.roocode.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.Access;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchLineCodec;
import dev.roocode.schemas.batch.BatchOutputWriter;
import dev.roocode.schemas.batch.DecodedLine;
import dev.roocode.schemas.config.CommonConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous calls through Kafka: {@code POST /v1/chat/completions}, {@code /v1/embeddings} and
 * {@code /v1/responses}. Each body becomes a Job through the batch line codec's mappers (the same rules as a
 * batch file line), of the caller's tenant, sent on the jobs topic with this instance's reply topic
 * ({@link ReplyInbox}) and the caller's {@code traceparent}; the job's requestId is the answer's
 * {@code x-request-id} header (as OpenAI names its request ids); the answer is the body a batch output line
 * holds for that Result ({@link BatchOutputWriter#responseBody}), a FAILED Result is answered by its error
 * class ({@link ResultErrors}), and no Result within {@value ApiConfig#SYNC_TIMEOUT_MS} is a 504 (the job
 * still runs and is accounted).
 */
public final class ChatEndpoints implements Endpoints {
    private static final Logger log = LoggerFactory.getLogger(ChatEndpoints.class);
    private static final HttpString TRACEPARENT = HttpString.tryFromString(TraceParent.HEADER);
    /** OpenAI's header naming the request; here the job's requestId, what an operator looks up in Roocode. */
    private static final HttpString REQUEST_ID = HttpString.tryFromString("x-request-id");

    private static final String SYSTEM_FINGERPRINT = "system_fingerprint";

    private final ApiContext context;
    private final long maxBodyBytes;
    private final long timeoutMs;
    private final ReplyInbox inbox;
    /** Sends the answers, off the reply topic's reader thread (a slow client must not hold up the others). */
    private final ExecutorService responders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "roocode-api-answers");
        thread.setDaemon(true);
        return thread;
    });

    public ChatEndpoints(ApiContext context) {
        this.context = context;
        ApiConfig config = context.config();
        this.maxBodyBytes = config.getLong(ApiConfig.BODY_MAX_BYTES);
        this.timeoutMs = config.getLong(ApiConfig.SYNC_TIMEOUT_MS);
        this.inbox = ReplyInbox.start(
                context.client(),
                config.clientConfig(),
                ReplyInbox.instanceId(config.getString(ApiConfig.INSTANCE_ID), config.getInt(CommonConfig.HTTP_PORT)),
                config.getLong(ApiConfig.REPLIES_RETENTION_MS));
    }

    @Override
    public void register(Routes routes) {
        routes.add(
                Methods.POST,
                BatchLineCodec.CHAT_URL,
                Access.KEY,
                (exchange, caller) -> call(exchange, caller, BatchLineCodec.CHAT_URL));
        routes.add(
                Methods.POST,
                BatchLineCodec.EMBEDDINGS_URL,
                Access.KEY,
                (exchange, caller) -> call(exchange, caller, BatchLineCodec.EMBEDDINGS_URL));
        routes.add(
                Methods.POST,
                BatchLineCodec.RESPONSES_URL,
                Access.KEY,
                (exchange, caller) -> call(exchange, caller, BatchLineCodec.RESPONSES_URL));
    }

    private void call(HttpServerExchange exchange, Caller caller, String url) throws Exception {
        long started = System.nanoTime();
        ObjectNode body = Exchanges.readJsonObject(exchange, maxBodyBytes);
        JsonNode stream = body.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            throw ApiException.invalidRequest(
                    "stream",
                    "unsupported_parameter",
                    "stream=true is not supported yet: Roocode answers with the whole response once it is"
                            + " complete; send stream=false or leave it out.");
        }
        boolean base64 = BatchLineCodec.EMBEDDINGS_URL.equals(url) && Base64Embeddings.takeRequest(body);
        String requestId = "api-" + UUID.randomUUID();
        exchange.getResponseHeaders().put(REQUEST_ID, requestId);
        DecodedLine decoded = BatchLineCodec.decodeRequest(
                url, body, requestId, Map.of(), context.clock().instant());
        if (decoded instanceof DecodedLine.Invalid invalid) {
            throw ApiException.invalidRequest(null, invalid.code(), invalid.message());
        }
        Job job = Job.newBuilder(((DecodedLine.Valid) decoded).job())
                .setTenant(caller.tenant())
                .setReplyTo(inbox.topic())
                .build();
        TraceParent trace = TraceParent.parse(exchange.getRequestHeaders().getFirst(TRACEPARENT));
        CompletableFuture<Result> answer = inbox.expect(requestId);
        CompletableFuture<Result> outcome = context.client()
                .submit(job, trace)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(ApiException.unavailable(
                        "The request could not be queued: the Kafka cluster did not take it. Please retry.")))
                .thenCompose(sent -> answer)
                .orTimeout(remainingMs(started), TimeUnit.MILLISECONDS);
        // the worker thread is free again while the job runs: the answer is sent when its Result (or the
        // timeout) completes the call, so slow models do not use up the server's worker threads
        exchange.dispatch(
                SameThreadExecutor.INSTANCE,
                () -> outcome.whenCompleteAsync(
                        (result, error) -> answer(exchange, requestId, base64, result, error), responders));
    }

    private void answer(HttpServerExchange exchange, String requestId, boolean base64, Result result, Throwable error) {
        inbox.forget(requestId);
        try {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof ApiException e) {
                    throw e;
                }
                if (cause instanceof TimeoutException) {
                    throw ApiException.timeout("No answer within " + timeoutMs + " ms (" + ApiConfig.SYNC_TIMEOUT_MS
                            + "); the request " + requestId + " still runs and is accounted.");
                }
                throw new IllegalStateException("request " + requestId + " failed", cause);
            }
            if (result.getStatus() != ResultStatus.SUCCEEDED || result.getOutput() == null) {
                throw ResultErrors.of(result);
            }
            byte[] body = answerBody(result);
            if (base64) {
                body = Exchanges.JSON.writeValueAsBytes(
                        Base64Embeddings.encode((ObjectNode) Exchanges.JSON.readTree(body)));
            }
            Exchanges.send(exchange, 200, "application/json", body);
        } catch (ApiException e) {
            Exchanges.sendError(exchange, e);
        } catch (IOException | RuntimeException e) {
            log.error("answering {} failed", requestId, e);
            Exchanges.sendError(
                    exchange,
                    ApiException.internal("The server had an error while processing your request. Sorry about that!"
                            + " The service log has the details."));
        }
    }

    /**
     * The body of a SUCCEEDED Result's answer: the batch output line's {@code response.body}, less a null
     * {@code system_fingerprint} (Roocode does not carry it; the output line keeps the key, as OpenAI's files
     * have it, but OpenAI's schema types it as a string, so an answer leaves it out rather than send null).
     */
    static byte[] answerBody(Result result) throws IOException {
        String body = BatchOutputWriter.responseBody(result);
        JsonNode tree = Exchanges.JSON.readTree(body);
        if (tree instanceof ObjectNode object
                && object.has(SYSTEM_FINGERPRINT)
                && object.get(SYSTEM_FINGERPRINT).isNull()) {
            object.remove(SYSTEM_FINGERPRINT);
            return Exchanges.JSON.writeValueAsBytes(object);
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private long remainingMs(long started) {
        return Math.max(0, timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public boolean ready() {
        return inbox.running();
    }

    @Override
    public void close() {
        responders.shutdown();
        inbox.close();
    }
}
