package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.sandbox.simulator.batch.BatchLine;
import dev.roocode.sandbox.simulator.batch.BatchState;
import dev.roocode.sandbox.simulator.batch.LineResult;
import dev.roocode.sandbox.simulator.batch.SimBatch;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import dev.roocode.sandbox.simulator.batch.SimFiles.SimFile;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.server.handlers.form.MultiPartParserDefinition;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * OpenAI's Files + Batches API ({@code /v1/files}, {@code /v1/batches}) and Azure OpenAI's global batch, the
 * same API under {@code /openai/files} and {@code /openai/batches} with {@code api-version}, Azure's
 * credentials and errors, line URLs without {@code /v1} and deployment names as the lines' {@code model}.
 * Objects follow openai-openapi.yaml ({@code OpenAIFile}, {@code Batch}, {@code ListBatchesResponse}); input and
 * output lines its {@code BatchRequestInput} / {@code BatchRequestOutput}: 2xx answers in the output file,
 * error answers, expired ({@code batch_expired}) and cancelled ({@code batch_cancelled}) lines in the error
 * file, as OpenAI writes them.
 *
 * <p>Provider-level faults come from the lines' model directives, like a realtime call's: an upload whose lines
 * name a {@code down} model answers 503 (the provider is down for files too), and creating a batch of a
 * {@code timeout} model creates it but never answers (the client's create times out after the provider
 * accepted it). This class is a little over 300 lines because OpenAI's two resources (files, batches) and
 * their two dialects share every object; split, one API's shape would sit in several files.
 */
final class OpenAiBatchWireFormat implements BatchWireFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions", "/v1/embeddings");
    private static final long MAX_FILE_BYTES = 200L * 1024 * 1024;
    private static final int MAX_LINES = 50_000;
    private static final Duration WINDOW = Duration.ofHours(24);

    private final String root;
    private final WireFormat realtime;
    private final String scope;
    private final boolean azure;

    private OpenAiBatchWireFormat(String root, WireFormat realtime, String scope, boolean azure) {
        this.root = root;
        this.realtime = realtime;
        this.scope = scope;
        this.azure = azure;
    }

    /** OpenAI at {@code /v1/files} and {@code /v1/batches}. */
    static OpenAiBatchWireFormat openAi() {
        return new OpenAiBatchWireFormat("/v1", new OpenAiWireFormat(), "openai", false);
    }

    /** Azure OpenAI global batch at {@code /openai/files} and {@code /openai/batches}. */
    static OpenAiBatchWireFormat azure() {
        return new OpenAiBatchWireFormat("/openai", new AzureOpenAiWireFormat(), "azure-openai", true);
    }

    @Override
    public boolean serves(String path) {
        return path.equals(root + "/files")
                || path.startsWith(root + "/files/")
                || path.equals(root + "/batches")
                || path.startsWith(root + "/batches/");
    }

    @Override
    public WireFormat realtime() {
        return realtime;
    }

    @Override
    public void handle(HttpServerExchange exchange, BatchContext context) throws IOException {
        String[] parts = exchange.getRequestPath().substring(root.length() + 1).split("/", -1);
        boolean post = Methods.POST.equals(exchange.getRequestMethod());
        boolean get = Methods.GET.equals(exchange.getRequestMethod());
        if (parts[0].equals("files")) {
            if (parts.length == 1 && post) {
                upload(exchange, context);
            } else if (parts.length == 2 && get) {
                withFile(exchange, context, parts[1], file -> send(exchange, fileObject(file)));
            } else if (parts.length == 3 && parts[2].equals("content") && get) {
                withFile(
                        exchange,
                        context,
                        parts[1],
                        file -> BatchContext.send(exchange, 200, "application/jsonl", file.content()));
            } else {
                notFound(exchange);
            }
        } else if (parts.length == 1 && post) {
            create(exchange, context);
        } else if (parts.length == 1 && get) {
            list(exchange, context);
        } else if (parts.length == 2 && get) {
            withBatch(exchange, context, parts[1], batch -> send(exchange, batchObject(batch, context)));
        } else if (parts.length == 3 && parts[2].equals("cancel") && post) {
            cancel(exchange, context, parts[1]);
        } else {
            notFound(exchange);
        }
    }

    private void upload(HttpServerExchange exchange, BatchContext context) throws IOException {
        MultiPartParserDefinition multipart = new MultiPartParserDefinition();
        multipart.setDefaultEncoding(StandardCharsets.UTF_8.name());
        multipart.setFileSizeThreshold(MAX_FILE_BYTES);
        multipart.setMaxIndividualFileSize(MAX_FILE_BYTES);
        FormDataParser parser =
                FormParserFactory.builder(false).addParsers(multipart).build().createParser(exchange);
        if (parser == null) {
            invalid(exchange, "Expected a multipart/form-data body with 'file' and 'purpose'.", null);
            return;
        }
        FormData form = parser.parseBlocking();
        FormData.FormValue purpose = form.getFirst("purpose");
        FormData.FormValue file = form.getFirst("file");
        if (file == null || !file.isFileItem()) {
            invalid(exchange, "Missing required parameter: 'file'.", "file");
            return;
        }
        if (purpose == null || !purpose.getValue().equals("batch")) {
            invalid(exchange, "The simulator's files API takes purpose 'batch' only.", "purpose");
            return;
        }
        byte[] content;
        try (InputStream in = file.getFileItem().getInputStream()) {
            content = in.readAllBytes();
        }
        if (linesName(content, "down")) {
            BatchContext.sendError(
                    exchange, realtime, ErrorKind.OVERLOADED, "The server is overloaded or not ready yet.", null);
            return;
        }
        String filename = file.getFileName() == null ? "batch.jsonl" : file.getFileName();
        send(exchange, fileObject(context.files().put(scope, "file-", filename, "batch", content)));
    }

    private void create(HttpServerExchange exchange, BatchContext context) throws IOException {
        JsonNode body = Json.object(exchange.getInputStream().readAllBytes());
        if (body == null) {
            invalid(exchange, "We could not parse the JSON body of your request.", null);
            return;
        }
        String fileId = body.path("input_file_id").asText("");
        String endpoint = endpoint(body.path("endpoint").asText(""));
        if (endpoint == null) {
            invalid(exchange, "Invalid value for 'endpoint': use one of " + ENDPOINTS + ".", "endpoint");
            return;
        }
        if (!body.path("completion_window").asText("").equals("24h")) {
            invalid(exchange, "Invalid value for 'completion_window': only '24h' is supported.", "completion_window");
            return;
        }
        Map<String, String> metadata = metadata(body.get("metadata"));
        if (metadata == null) {
            invalid(exchange, "metadata must be an object of at most 16 string values.", "metadata");
            return;
        }
        SimFile input = context.files().get(scope, fileId).orElse(null);
        if (input == null) {
            invalid(exchange, "No such File object: " + fileId, "input_file_id");
            return;
        }
        List<BatchLine> lines = new ArrayList<>();
        List<SimBatch.LineError> errors = new ArrayList<>();
        read(input.content(), endpoint, lines, errors);
        SimBatch batch = context.batches()
                .create(new SimBatches.Creation(
                        scope,
                        "batch_",
                        body.path("endpoint").asText(),
                        metadata.isEmpty() ? null : new TreeMap<>(metadata).toString(),
                        metadata,
                        fileId,
                        WINDOW,
                        lines,
                        errors,
                        context.answerer(realtime, this::route)));
        if (linesName(input.content(), "timeout")) {
            // Created, but the answer never comes: the client's call times out after the provider accepted it.
            exchange.dispatch(
                    SameThreadExecutor.INSTANCE,
                    () -> exchange.getIoThread()
                            .executeAfter(
                                    () -> IoUtils.safeClose(exchange.getConnection()),
                                    SimulatorHandler.HOLD_MS,
                                    TimeUnit.MILLISECONDS));
            return;
        }
        send(exchange, batchObject(batch, context));
    }

    private void list(HttpServerExchange exchange, BatchContext context) throws JsonProcessingException {
        int limit = Math.max(1, Math.min(100, query(exchange, "limit", 20)));
        String after = exchange.getQueryParameters().containsKey("after")
                ? exchange.getQueryParameters().get("after").peekFirst()
                : null;
        List<SimBatch> all = context.batches().list(scope);
        int from = 0;
        if (after != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(after)) {
                    from = i + 1;
                }
            }
        }
        List<SimBatch> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (SimBatch batch : page) {
            data.add(batchObject(batch, context));
        }
        if (!page.isEmpty()) {
            list.put("first_id", page.get(0).id());
            list.put("last_id", page.get(page.size() - 1).id());
        }
        list.put("has_more", from + page.size() < all.size());
        send(exchange, list);
    }

    private void cancel(HttpServerExchange exchange, BatchContext context, String id) throws IOException {
        SimBatch batch;
        try {
            batch = context.batches().cancel(scope, id).orElse(null);
        } catch (IllegalStateException e) {
            invalid(exchange, e.getMessage(), null);
            return;
        }
        if (batch == null) {
            notFound(exchange, "No batch found with id '" + id + "'.");
            return;
        }
        send(exchange, batchObject(batch, context));
    }

    /** The create call's endpoint in OpenAI's form, or null when it is not served (Azure's lack {@code /v1}). */
    private String endpoint(String value) {
        String full = azure && !value.startsWith("/v1/") ? "/v1" + value : value;
        return ENDPOINTS.contains(full) ? full : null;
    }

    /** Reads the input file into lines, or into the errors that fail the batch, as OpenAI's validation does. */
    private void read(byte[] content, String endpoint, List<BatchLine> lines, List<SimBatch.LineError> errors) {
        Set<String> ids = new HashSet<>();
        String[] rows = new String(content, StandardCharsets.UTF_8).split("\r?\n");
        int number = 0;
        for (String row : rows) {
            number++;
            if (row.isBlank()) {
                continue;
            }
            JsonNode line = Json.object(row.getBytes(StandardCharsets.UTF_8));
            String problem = line == null ? "invalid_json_line" : null;
            String customId = line == null ? null : Json.string(line, "custom_id");
            if (problem == null && customId == null) {
                problem = "missing_custom_id";
            } else if (problem == null && !ids.add(customId)) {
                problem = "duplicate_custom_id";
            } else if (problem == null && !"POST".equals(line.path("method").asText())) {
                problem = "invalid_method";
            } else if (problem == null
                    && !endpoint.equals(endpoint(line.path("url").asText("")))) {
                problem = "mismatched_url";
            } else if (problem == null && !line.path("body").isObject()) {
                problem = "missing_body";
            }
            if (problem != null) {
                errors.add(new SimBatch.LineError(
                        number, problem, "Line " + number + ": " + problem.replace('_', ' ') + "."));
            } else {
                lines.add(new BatchLine(customId, endpoint, Json.bytes(line.get("body"))));
            }
        }
        if (lines.isEmpty() && errors.isEmpty()) {
            errors.add(new SimBatch.LineError(0, "empty_file", "The input file has no requests."));
        }
        if (lines.size() > MAX_LINES) {
            errors.add(new SimBatch.LineError(
                    0, "too_many_requests", "A batch holds at most " + MAX_LINES + " requests."));
        }
    }

    /** A line's realtime call: OpenAI's path, or Azure's deployment path from the line's model. */
    private BatchContext.LineCall route(BatchLine line) throws InvalidRequestException {
        Operation operation = line.target().endsWith("/embeddings") ? Operation.EMBEDDINGS : Operation.CHAT;
        if (!azure) {
            return new BatchContext.LineCall(operation, line.target(), line.body());
        }
        JsonNode body = Json.object(line.body());
        String deployment = body == null ? null : Json.string(body, "model");
        if (deployment == null || deployment.contains("/")) {
            throw new InvalidRequestException(
                    ErrorKind.MISSING_PARAMETER, "A batch line must name its deployment as 'model'.", "model");
        }
        String suffix = operation == Operation.CHAT ? "/chat/completions" : "/embeddings";
        return new BatchContext.LineCall(operation, "/openai/deployments/" + deployment + suffix, line.body());
    }

    private ObjectNode batchObject(SimBatch batch, BatchContext context) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", batch.id());
        node.put("object", "batch");
        node.put("endpoint", batch.endpoint());
        if (!batch.errors().isEmpty()) {
            ObjectNode errors = node.putObject("errors");
            errors.put("object", "list");
            ArrayNode data = errors.putArray("data");
            for (SimBatch.LineError error : batch.errors()) {
                ObjectNode item = data.addObject().put("code", error.code()).put("message", error.message());
                item.putNull("param");
                if (error.line() > 0) {
                    item.put("line", error.line());
                } else {
                    item.putNull("line");
                }
            }
        }
        node.put("input_file_id", batch.inputFileId());
        node.put("completion_window", "24h");
        node.put("status", batch.state().name().toLowerCase(Locale.ROOT));
        if (batch.state().ended() && batch.state() != BatchState.FAILED) {
            ResultFiles files = resultFiles(batch, context);
            putIf(node, "output_file_id", files.outputId());
            putIf(node, "error_file_id", files.errorId());
        }
        seconds(node, "created_at", batch.createdAt());
        if (batch.state() != BatchState.VALIDATING && batch.state() != BatchState.FAILED) {
            seconds(node, "in_progress_at", batch.createdAt());
        }
        seconds(node, "expires_at", batch.expiresAt());
        seconds(node, "finalizing_at", batch.answeredAt());
        seconds(node, batch.state() == BatchState.COMPLETED ? "completed_at" : null, batch.endedAt());
        seconds(node, batch.state() == BatchState.FAILED ? "failed_at" : null, batch.endedAt());
        seconds(node, batch.state() == BatchState.EXPIRED ? "expired_at" : null, batch.endedAt());
        seconds(node, "cancelling_at", batch.cancellingAt());
        seconds(node, batch.state() == BatchState.CANCELLED ? "cancelled_at" : null, batch.endedAt());
        ObjectNode counts = node.putObject("request_counts");
        counts.put("total", batch.total());
        counts.put("completed", batch.succeeded());
        counts.put("failed", batch.errored() + batch.expired() + batch.cancelled());
        ObjectNode metadata = node.putObject("metadata");
        batch.metadata().forEach(metadata::put);
        return node;
    }

    private record ResultFiles(String outputId, String errorId) {}

    /** The output and error files of an ended batch, written once (ids derived from the batch id). */
    private ResultFiles resultFiles(SimBatch batch, BatchContext context) {
        String suffix = batch.id().substring(batch.id().indexOf('_') + 1);
        String outputId = "file-out" + suffix;
        String errorId = "file-err" + suffix;
        if (context.files().get(scope, outputId).isEmpty()
                && context.files().get(scope, errorId).isEmpty()) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            for (LineResult result :
                    context.batches().results(scope, batch.id()).orElseThrow()) {
                boolean ok = result.outcome() == LineResult.Outcome.SUCCEEDED;
                (ok ? output : errors).writeBytes(outputLine(batch, result));
            }
            context.files()
                    .putWithId(scope, outputId, batch.id() + "_output.jsonl", "batch_output", output.toByteArray());
            context.files()
                    .putWithId(scope, errorId, batch.id() + "_error.jsonl", "batch_output", errors.toByteArray());
        }
        return new ResultFiles(
                context.files()
                        .get(scope, outputId)
                        .filter(f -> f.content().length > 0)
                        .map(SimFile::id)
                        .orElse(null),
                context.files()
                        .get(scope, errorId)
                        .filter(f -> f.content().length > 0)
                        .map(SimFile::id)
                        .orElse(null));
    }

    /** One {@code BatchRequestOutput} line; the answer body is written raw (a {@code malformed} draw stays truncated). */
    private static byte[] outputLine(SimBatch batch, LineResult result) {
        String requestId = Long.toHexString(Draws.fnv1a(batch.id() + "/" + result.customId()) & Long.MAX_VALUE);
        return Json.write(256 + (result.body() == null ? 0 : result.body().length), json -> {
            json.writeStartObject();
            json.writeStringField("id", "batch_req_" + requestId);
            json.writeStringField("custom_id", result.customId());
            if (result.body() != null) {
                json.writeObjectFieldStart("response");
                json.writeNumberField("status_code", result.status());
                json.writeStringField("request_id", "req_" + requestId);
                json.writeFieldName("body");
                json.writeRawValue(new String(result.body(), StandardCharsets.UTF_8));
                json.writeEndObject();
                json.writeNullField("error");
            } else {
                json.writeNullField("response");
                json.writeObjectFieldStart("error");
                boolean expired = result.outcome() == LineResult.Outcome.EXPIRED;
                json.writeStringField("code", expired ? "batch_expired" : "batch_cancelled");
                json.writeStringField(
                        "message",
                        expired
                                ? "This request could not be executed before the completion window expired."
                                : "This request was not executed because the batch was cancelled.");
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeRaw('\n');
        });
    }

    private ObjectNode fileObject(SimFile file) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", file.id());
        node.put("object", "file");
        node.put("bytes", file.content().length);
        node.put("created_at", file.createdAt().getEpochSecond());
        node.put("filename", file.filename());
        node.put("purpose", file.purpose());
        node.put("status", "processed");
        return node;
    }

    /** Whether some line's body names a model with this directive (e.g. {@code sim-down}). */
    private static boolean linesName(byte[] content, String directive) {
        for (String row : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            JsonNode line = Json.object(row.getBytes(StandardCharsets.UTF_8));
            String model = line == null ? null : Json.string(line.path("body"), "model");
            if (model != null) {
                try {
                    Directives directives = Directives.parse(model);
                    if (directive.equals("down") ? directives.down() : directives.timeout()) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // a bad directive is the line's own 400, not the upload's
                }
            }
        }
        return false;
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new TreeMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject() || node.size() > 16) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()
                    || field.getKey().length() > 64
                    || field.getValue().asText().length() > 512) {
                return null;
            }
            metadata.put(field.getKey(), field.getValue().asText());
        }
        return metadata;
    }

    private void withFile(HttpServerExchange exchange, BatchContext context, String id, IoConsumer<SimFile> then)
            throws IOException {
        SimFile file = context.files().get(scope, id).orElse(null);
        if (file == null) {
            notFound(exchange, "No such File object: " + id);
        } else {
            then.accept(file);
        }
    }

    private void withBatch(HttpServerExchange exchange, BatchContext context, String id, IoConsumer<SimBatch> then)
            throws IOException {
        SimBatch batch = context.batches().get(scope, id).orElse(null);
        if (batch == null) {
            notFound(exchange, "No batch found with id '" + id + "'.");
        } else {
            then.accept(batch);
        }
    }

    @FunctionalInterface
    private interface IoConsumer<T> {
        void accept(T value) throws IOException;
    }

    private static int query(HttpServerExchange exchange, String name, int fallback) {
        try {
            return exchange.getQueryParameters().containsKey(name)
                    ? Integer.parseInt(exchange.getQueryParameters().get(name).peekFirst())
                    : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void seconds(ObjectNode node, String field, Instant at) {
        if (field != null && at != null) {
            node.put(field, at.getEpochSecond());
        }
    }

    private void invalid(HttpServerExchange exchange, String message, String param) {
        BatchContext.sendError(exchange, realtime, ErrorKind.INVALID_VALUE, message, param);
    }

    private void notFound(HttpServerExchange exchange) {
        notFound(exchange, "Invalid URL (" + exchange.getRequestMethod() + " " + exchange.getRequestPath() + ")");
    }

    private void notFound(HttpServerExchange exchange, String message) {
        BatchContext.sendError(exchange, realtime, ErrorKind.NOT_FOUND, message, null);
    }

    private static void send(HttpServerExchange exchange, JsonNode body) throws JsonProcessingException {
        BatchContext.send(exchange, 200, JSON.writeValueAsBytes(body));
    }
}
