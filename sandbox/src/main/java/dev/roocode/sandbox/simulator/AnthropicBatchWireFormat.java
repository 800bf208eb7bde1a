package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.sandbox.simulator.BatchContext.LineCall;
import dev.roocode.sandbox.simulator.batch.BatchLine;
import dev.roocode.sandbox.simulator.batch.BatchState;
import dev.roocode.sandbox.simulator.batch.LineResult;
import dev.roocode.sandbox.simulator.batch.SimBatch;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Anthropic Message Batches ({@code MessageBatch}, {@code ListResponse_MessageBatch_},
 * {@code MessageBatchIndividualResponse} in anthropic-openapi.json) on the shared engine:
 * {@code POST /v1/messages/batches} with every request inline ({@code custom_id} + Messages {@code params}),
 * {@code GET /v1/messages/batches[/{id}]}, {@code GET .../{id}/results} (JSONL of succeeded, errored, canceled and
 * expired results, once the batch has ended), {@code POST .../{id}/cancel}. A create whose requests break the
 * schema (bad or repeated custom_id, params the Messages API would refuse) is refused whole with 400, as
 * Anthropic validates at creation; a bad model is an errored line. Anthropic batches carry no tag, so the
 * engine counts creations under the first request's custom_id (where Roocode's client puts its group marker).
 */
final class AnthropicBatchWireFormat implements BatchWireFormat {

    static final String SCOPE = "anthropic";
    private static final String PATH = "/v1/messages/batches";
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_REQUESTS = 100_000;
    private static final Duration WINDOW = Duration.ofHours(24);

    private final AnthropicWireFormat realtime = new AnthropicWireFormat();

    @Override
    public boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    @Override
    public WireFormat realtime() {
        return realtime;
    }

    @Override
    public void handle(HttpServerExchange exchange, BatchContext context) throws IOException {
        String rest = exchange.getRequestPath().substring(PATH.length());
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        boolean post = exchange.getRequestMethod().equals(Methods.POST);
        String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/", -1);
        if (parts.length == 0 && post) {
            create(exchange, context);
        } else if (parts.length == 0 && get) {
            list(exchange, context);
        } else if (parts.length >= 1
                && parts.length <= 2
                && ID.matcher(parts[0]).matches()) {
            String id = parts[0];
            String action = parts.length == 2 ? parts[1] : "";
            if (action.isEmpty() && get) {
                withBatch(exchange, context, id, batch -> BatchContext.send(exchange, 200, batch(exchange, batch)));
            } else if (action.equals("results") && get) {
                results(exchange, context, id);
            } else if (action.equals("cancel") && post) {
                cancel(exchange, context, id);
            } else {
                notFound(exchange);
            }
        } else {
            notFound(exchange);
        }
    }

    private void create(HttpServerExchange exchange, BatchContext context) throws IOException {
        byte[] body = exchange.getInputStream().readAllBytes();
        List<BatchLine> lines = new ArrayList<>();
        try {
            JsonNode root = Json.object(body, "The request body is not valid JSON.");
            JsonNode requests = root.get("requests");
            if (requests == null || !requests.isArray() || requests.isEmpty()) {
                throw InvalidRequestException.invalid("requests: Field required (at least one request)");
            }
            if (requests.size() > MAX_REQUESTS) {
                throw InvalidRequestException.invalid("requests: at most " + MAX_REQUESTS + " requests per batch");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < requests.size(); i++) {
                JsonNode request = requests.get(i);
                String customId = Json.string(request, "custom_id");
                if (customId == null || !CUSTOM_ID.matcher(customId).matches()) {
                    throw InvalidRequestException.invalid(
                            "requests." + i + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
                }
                if (!seen.add(customId)) {
                    throw InvalidRequestException.invalid("requests." + i + ".custom_id: '" + customId
                            + "' is used more than once; custom_id must be unique within a batch");
                }
                JsonNode params = request.get("params");
                if (params == null || !params.isObject()) {
                    throw InvalidRequestException.invalid("requests." + i + ".params: Field required");
                }
                byte[] paramBytes = params.toString().getBytes(StandardCharsets.UTF_8);
                try {
                    realtime.parse(Operation.CHAT, "/v1/messages", paramBytes);
                } catch (InvalidRequestException e) {
                    throw InvalidRequestException.invalid("requests." + i + ".params." + e.getMessage());
                }
                lines.add(new BatchLine(customId, Json.string(params, "model"), paramBytes));
            }
        } catch (InvalidRequestException e) {
            BatchContext.sendError(exchange, realtime, e.kind, e.getMessage(), e.param);
            return;
        }
        SimBatch batch = context.batches()
                .create(new SimBatches.Creation(
                        SCOPE,
                        "msgbatch_sim",
                        "/v1/messages",
                        lines.get(0).customId(),
                        Map.of(),
                        null,
                        WINDOW,
                        lines,
                        List.of(),
                        context.answerer(realtime, line -> new LineCall(Operation.CHAT, "/v1/messages", line.body()))));
        BatchContext.send(exchange, 200, batch(exchange, batch));
    }

    /** Newest first; {@code after_id} pages towards older batches, {@code before_id} towards newer ones. */
    private void list(HttpServerExchange exchange, BatchContext context) {
        List<SimBatch> all = context.batches().list(SCOPE);
        int limit;
        try {
            limit = Integer.parseInt(query(exchange, "limit").orElse("20"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            BatchContext.sendError(
                    exchange, realtime, ErrorKind.INVALID_VALUE, "limit: Input should be between 1 and 1000", null);
            return;
        }
        int from = query(exchange, "after_id").map(id -> indexOf(all, id) + 1).orElse(0);
        int to = query(exchange, "before_id").map(id -> indexOf(all, id)).orElse(all.size());
        List<SimBatch> page = from < to ? all.subList(from, to) : List.of();
        boolean more = page.size() > limit;
        List<SimBatch> shown = query(exchange, "after_id").isEmpty()
                        && query(exchange, "before_id").isPresent()
                ? page.subList(Math.max(0, page.size() - limit), page.size())
                : page.subList(0, Math.min(limit, page.size()));
        BatchContext.send(exchange, 200, Json.write(256 + 512 * shown.size(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("data");
            for (SimBatch batch : shown) {
                writeBatch(json, exchange, batch);
            }
            json.writeEndArray();
            json.writeBooleanField("has_more", more);
            json.writeStringField(
                    "first_id", shown.isEmpty() ? null : shown.get(0).id());
            json.writeStringField(
                    "last_id",
                    shown.isEmpty() ? null : shown.get(shown.size() - 1).id());
            json.writeEndObject();
        }));
    }

    private static int indexOf(List<SimBatch> batches, String id) {
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).id().equals(id)) {
                return i;
            }
        }
        return batches.size();
    }

    private void results(HttpServerExchange exchange, BatchContext context, String id) {
        withBatch(exchange, context, id, batch -> {
            if (!batch.state().ended()) {
                BatchContext.sendError(
                        exchange,
                        realtime,
                        ErrorKind.INVALID_VALUE,
                        "Message Batch " + id + " has not yet ended; results are available once processing ends.",
                        null);
                return;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (LineResult result : context.batches().results(SCOPE, id).orElse(List.of())) {
                out.writeBytes(resultLine(result));
                out.write('\n');
            }
            BatchContext.send(exchange, 200, "application/x-jsonl", out.toByteArray());
        });
    }

    private static byte[] resultLine(LineResult result) {
        return Json.write(256 + (result.body() == null ? 0 : result.body().length), json -> {
            json.writeStartObject();
            json.writeStringField("custom_id", result.customId());
            json.writeObjectFieldStart("result");
            switch (result.outcome()) {
                case SUCCEEDED -> {
                    json.writeStringField("type", "succeeded");
                    json.writeFieldName("message");
                    json.writeRawValue(new String(result.body(), StandardCharsets.UTF_8));
                }
                case ERRORED -> {
                    json.writeStringField("type", "errored");
                    json.writeFieldName("error");
                    json.writeRawValue(new String(result.body(), StandardCharsets.UTF_8));
                }
                case EXPIRED -> json.writeStringField("type", "expired");
                case CANCELLED -> json.writeStringField("type", "canceled");
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private void cancel(HttpServerExchange exchange, BatchContext context, String id) {
        Optional<SimBatch> cancelled;
        try {
            cancelled = context.batches().cancel(SCOPE, id);
        } catch (IllegalStateException e) {
            BatchContext.sendError(exchange, realtime, ErrorKind.INVALID_VALUE, e.getMessage(), null);
            return;
        }
        if (cancelled.isEmpty()) {
            notFound(exchange);
            return;
        }
        BatchContext.send(exchange, 200, batch(exchange, cancelled.get()));
    }

    private interface BatchAction {
        void run(SimBatch batch);
    }

    private void withBatch(HttpServerExchange exchange, BatchContext context, String id, BatchAction action) {
        Optional<SimBatch> batch = context.batches().get(SCOPE, id);
        if (batch.isEmpty()) {
            notFound(exchange);
            return;
        }
        action.run(batch.get());
    }

    private void notFound(HttpServerExchange exchange) {
        BatchContext.sendError(
                exchange,
                realtime,
                ErrorKind.NOT_FOUND,
                exchange.getRequestMethod() + " " + exchange.getRequestPath() + ": not found",
                null);
    }

    private static byte[] batch(HttpServerExchange exchange, SimBatch batch) {
        return Json.write(512, json -> writeBatch(json, exchange, batch));
    }

    /** A MessageBatch: counts are zero until the batch ends (Anthropic's rule), then final. */
    private static void writeBatch(JsonGenerator json, HttpServerExchange exchange, SimBatch batch) throws IOException {
        boolean ended = batch.state().ended();
        json.writeStartObject();
        json.writeStringField("id", batch.id());
        json.writeStringField("type", "message_batch");
        json.writeStringField(
                "processing_status",
                ended ? "ended" : batch.state() == BatchState.CANCELLING ? "canceling" : "in_progress");
        json.writeObjectFieldStart("request_counts");
        json.writeNumberField("processing", ended ? 0 : batch.total());
        json.writeNumberField("succeeded", ended ? batch.succeeded() : 0);
        json.writeNumberField("errored", ended ? batch.errored() : 0);
        json.writeNumberField("canceled", ended ? batch.cancelled() : 0);
        json.writeNumberField("expired", ended ? batch.expired() : 0);
        json.writeEndObject();
        json.writeStringField("created_at", time(batch.createdAt()));
        json.writeStringField("expires_at", time(batch.expiresAt()));
        json.writeStringField("ended_at", ended ? time(batch.endedAt()) : null);
        json.writeNullField("archived_at");
        json.writeStringField("cancel_initiated_at", time(batch.cancellingAt()));
        json.writeStringField(
                "results_url",
                ended
                        ? exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + PATH + "/" + batch.id()
                                + "/results"
                        : null);
        json.writeEndObject();
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Optional<String> query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.peekFirst());
    }
}
