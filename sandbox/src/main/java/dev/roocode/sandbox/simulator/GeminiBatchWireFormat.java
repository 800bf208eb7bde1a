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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gemini batch mode ({@code BatchGenerateContentRequest}, {@code Operation}, {@code GenerateContentBatch},
 * {@code ListOperationsResponse} in gemini-openapi.json) on the shared engine:
 * {@code POST /v1beta/models/{model}:batchGenerateContent} with inline requests (each a GenerateContentRequest and
 * its {@code metadata}) and a {@code displayName}, {@code GET /v1beta/batches/{id}} (an operation: the batch in
 * {@code metadata}, and once done the inlined responses, each with its request's metadata, in request order),
 * {@code GET /v1beta/batches} ({@code pageSize}, {@code pageToken}) and {@code POST /v1beta/batches/{id}:cancel}.
 * A batch that expired or was cancelled keeps the responses answered before; its other requests have none.
 * Requests without contents refuse the whole create with 400 INVALID_ARGUMENT; a bad model is an errored
 * response. Creations are counted under the display name. Both proto JSON spellings (camelCase, snake_case)
 * of the create body are read.
 */
final class GeminiBatchWireFormat implements BatchWireFormat {

    static final String SCOPE = "gemini";
    private static final String MODELS = "/v1beta/models/";
    private static final String CREATE = ":batchGenerateContent";
    private static final String BATCHES = "/v1beta/batches";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    /** Gemini expires a batch that has not finished within 48 hours. */
    private static final Duration WINDOW = Duration.ofHours(48);

    private static final String BATCH_TYPE =
            "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch";
    private static final String OUTPUT_TYPE =
            "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput";

    /** google.rpc.Code by the canonical name Gemini's error bodies carry. */
    private static final Map<String, Integer> CODES = Map.of(
            "INVALID_ARGUMENT", 3,
            "NOT_FOUND", 5,
            "PERMISSION_DENIED", 7,
            "RESOURCE_EXHAUSTED", 8,
            "UNIMPLEMENTED", 12,
            "INTERNAL", 13,
            "UNAVAILABLE", 14,
            "UNAUTHENTICATED", 16);

    private final GeminiWireFormat realtime = new GeminiWireFormat();

    @Override
    public boolean serves(String path) {
        return path.equals(BATCHES)
                || path.startsWith(BATCHES + "/")
                || (path.startsWith(MODELS) && path.endsWith(CREATE));
    }

    @Override
    public WireFormat realtime() {
        return realtime;
    }

    @Override
    public void handle(HttpServerExchange exchange, BatchContext context) throws IOException {
        String path = exchange.getRequestPath();
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        boolean post = exchange.getRequestMethod().equals(Methods.POST);
        if (path.endsWith(CREATE) && post) {
            create(exchange, context, path.substring(MODELS.length(), path.length() - CREATE.length()));
        } else if (path.equals(BATCHES) && get) {
            list(exchange, context);
        } else if (path.startsWith(BATCHES + "/") && path.endsWith(":cancel") && post) {
            cancel(exchange, context, path.substring(BATCHES.length() + 1, path.length() - ":cancel".length()));
        } else if (path.startsWith(BATCHES + "/") && get) {
            String id = path.substring(BATCHES.length() + 1);
            Optional<SimBatch> batch =
                    ID.matcher(id).matches() ? context.batches().get(SCOPE, id) : Optional.empty();
            if (batch.isEmpty()) {
                notFound(exchange);
                return;
            }
            List<LineResult> results = batch.get().state().ended()
                    ? context.batches().results(SCOPE, id).orElse(List.of())
                    : List.of();
            BatchContext.send(exchange, 200, Json.write(1024, json -> writeOperation(json, batch.get(), results)));
        } else {
            notFound(exchange);
        }
    }

    private void create(HttpServerExchange exchange, BatchContext context, String model) throws IOException {
        byte[] body = exchange.getInputStream().readAllBytes();
        List<BatchLine> lines = new ArrayList<>();
        String displayName;
        try {
            if (model.isEmpty() || model.contains("/")) {
                throw new InvalidRequestException(ErrorKind.NOT_FOUND, "models/" + model + " is not found", null);
            }
            JsonNode batch = Json.object(body, "Invalid JSON payload received.").path("batch");
            displayName = Json.string(batch, "displayName") != null
                    ? Json.string(batch, "displayName")
                    : Json.string(batch, "display_name");
            if (displayName == null || displayName.isBlank()) {
                throw InvalidRequestException.invalid("* GenerateContentBatch.display_name: display_name is required");
            }
            JsonNode input = field(batch, "inputConfig", "input_config");
            if (input.has("fileName") || input.has("file_name")) {
                throw InvalidRequestException.invalid(
                        "the provider simulator takes inline requests only (input_config.requests), not a file");
            }
            JsonNode requests = input.path("requests").path("requests");
            if (!requests.isArray() || requests.isEmpty()) {
                throw InvalidRequestException.invalid(
                        "* GenerateContentBatch.input_config.requests: requests is not specified");
            }
            for (int i = 0; i < requests.size(); i++) {
                JsonNode request = requests.get(i).path("request");
                byte[] requestBytes = request.toString().getBytes(StandardCharsets.UTF_8);
                try {
                    realtime.parse(Operation.CHAT, MODELS + model + ":generateContent", requestBytes);
                } catch (InvalidRequestException e) {
                    throw InvalidRequestException.invalid(
                            "input_config.requests.requests[" + i + "]: " + e.getMessage());
                }
                JsonNode metadata = requests.get(i).path("metadata");
                lines.add(new BatchLine(customId(i, metadata), model, requestBytes));
            }
        } catch (InvalidRequestException e) {
            BatchContext.sendError(exchange, realtime, e.kind, e.getMessage(), e.param);
            return;
        }
        String generate = MODELS + model + ":generateContent";
        SimBatch batch = context.batches()
                .create(new SimBatches.Creation(
                        SCOPE,
                        "sim",
                        "models/" + model,
                        displayName,
                        Map.of("displayName", displayName),
                        null,
                        WINDOW,
                        lines,
                        List.of(),
                        context.answerer(realtime, line -> new LineCall(Operation.CHAT, generate, line.body()))));
        BatchContext.send(exchange, 200, Json.write(512, json -> writeOperation(json, batch, List.of())));
    }

    /**
     * A line's id for the engine: its position, plus its metadata (echoed with its response), so the engine's
     * per-line draws and results carry what the answer needs without a store of its own.
     */
    private static String customId(int index, JsonNode metadata) {
        String encoded = metadata.isObject()
                ? Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(metadata.toString().getBytes(StandardCharsets.UTF_8))
                : "";
        return index + "." + encoded;
    }

    /** The metadata of a line's request; a result for a line never sent (a stray) carries its id as the key. */
    private static String metadata(String customId) {
        int dot = customId.indexOf('.');
        if (dot < 0) {
            return "{\"key\":\"" + customId.replace("\\", "").replace("\"", "") + "\"}";
        }
        String encoded = customId.substring(dot + 1);
        return encoded.isEmpty() ? null : new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private void list(HttpServerExchange exchange, BatchContext context) {
        List<SimBatch> all = context.batches().list(SCOPE);
        int size;
        int from;
        try {
            size = Integer.parseInt(query(exchange, "pageSize").orElse("50"));
            from = Integer.parseInt(query(exchange, "pageToken").orElse("0"));
        } catch (NumberFormatException e) {
            BatchContext.sendError(exchange, realtime, ErrorKind.INVALID_VALUE, "Invalid pageSize or pageToken.", null);
            return;
        }
        size = size <= 0 ? 50 : Math.min(size, 1000);
        List<SimBatch> page =
                all.subList(Math.min(Math.max(0, from), all.size()), Math.min(Math.max(0, from) + size, all.size()));
        boolean more = from + size < all.size();
        int next = from + size;
        BatchContext.send(exchange, 200, Json.write(256 + 512 * page.size(), json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("operations");
            for (SimBatch batch : page) {
                writeOperation(json, batch, List.of());
            }
            json.writeEndArray();
            if (more) {
                json.writeStringField("nextPageToken", Integer.toString(next));
            }
            json.writeEndObject();
        }));
    }

    private void cancel(HttpServerExchange exchange, BatchContext context, String id) {
        Optional<SimBatch> cancelled;
        try {
            cancelled = ID.matcher(id).matches() ? context.batches().cancel(SCOPE, id) : Optional.empty();
        } catch (IllegalStateException e) {
            BatchContext.sendError(exchange, realtime, ErrorKind.INVALID_VALUE, e.getMessage(), null);
            return;
        }
        if (cancelled.isEmpty()) {
            notFound(exchange);
            return;
        }
        BatchContext.send(exchange, 200, BatchContext.utf8("{}"));
    }

    private void notFound(HttpServerExchange exchange) {
        BatchContext.sendError(
                exchange,
                realtime,
                ErrorKind.NOT_FOUND,
                "Requested entity was not found: " + exchange.getRequestPath(),
                null);
    }

    private static void writeOperation(JsonGenerator json, SimBatch batch, List<LineResult> results)
            throws IOException {
        boolean ended = batch.state().ended();
        json.writeStartObject();
        json.writeStringField("name", "batches/" + batch.id());
        json.writeObjectFieldStart("metadata");
        json.writeStringField("@type", BATCH_TYPE);
        json.writeStringField("name", "batches/" + batch.id());
        json.writeStringField("model", batch.endpoint());
        json.writeStringField("displayName", batch.metadata().get("displayName"));
        json.writeStringField("createTime", batch.createdAt().toString());
        json.writeStringField("updateTime", time(ended ? batch.endedAt() : batch.createdAt()));
        if (ended && batch.endedAt() != null) {
            json.writeStringField("endTime", batch.endedAt().toString());
        }
        json.writeObjectFieldStart("batchStats");
        json.writeStringField("requestCount", Integer.toString(batch.total()));
        json.writeStringField("successfulRequestCount", Integer.toString(batch.succeeded()));
        json.writeStringField("failedRequestCount", Integer.toString(batch.errored()));
        json.writeStringField(
                "pendingRequestCount",
                Integer.toString(
                        batch.total() - batch.succeeded() - batch.errored() - batch.expired() - batch.cancelled()));
        json.writeEndObject();
        json.writeStringField("state", state(batch.state()));
        json.writeEndObject();
        json.writeBooleanField("done", ended);
        if (ended) {
            json.writeObjectFieldStart("response");
            json.writeStringField("@type", OUTPUT_TYPE);
            json.writeObjectFieldStart("inlinedResponses");
            json.writeArrayFieldStart("inlinedResponses");
            for (LineResult result : results) {
                if (result.outcome() == LineResult.Outcome.SUCCEEDED
                        || result.outcome() == LineResult.Outcome.ERRORED) {
                    writeResponse(json, result);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeResponse(JsonGenerator json, LineResult result) throws IOException {
        json.writeStartObject();
        if (result.outcome() == LineResult.Outcome.SUCCEEDED) {
            json.writeFieldName("response");
            json.writeRawValue(new String(result.body(), StandardCharsets.UTF_8));
        } else {
            JsonNode error = Json.object(result.body());
            JsonNode inner = error == null ? null : error.path("error");
            json.writeObjectFieldStart("error");
            json.writeNumberField(
                    "code",
                    inner == null ? 13 : CODES.getOrDefault(inner.path("status").asText(), 2));
            json.writeStringField(
                    "message",
                    inner == null ? "Internal error." : inner.path("message").asText());
            json.writeEndObject();
        }
        String metadata = metadata(result.customId());
        if (metadata != null) {
            json.writeFieldName("metadata");
            json.writeRawValue(metadata);
        }
        json.writeEndObject();
    }

    private static String state(BatchState state) {
        return switch (state) {
            case VALIDATING -> "BATCH_STATE_PENDING";
            case IN_PROGRESS, CANCELLING -> "BATCH_STATE_RUNNING";
            case COMPLETED -> "BATCH_STATE_SUCCEEDED";
            case FAILED -> "BATCH_STATE_FAILED";
            case EXPIRED -> "BATCH_STATE_EXPIRED";
            case CANCELLED -> "BATCH_STATE_CANCELLED";
        };
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        return node.has(camel) ? node.get(camel) : node.path(snake);
    }

    private static Optional<String> query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.peekFirst());
    }
}
