package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * What OpenAI's Files + Batches API and Azure OpenAI's global batch share: upload the lines as a JSONL file
 * ({@code purpose=batch}), create the batch with the group in {@code metadata.roocode_group}, list batches to
 * find a group again, read the output and error files with {@link OpenAiBatchResults}. Each line is
 * {@code {custom_id, method: POST, url, body}} whose body is the one the type's realtime adapter sends
 * ({@link ProviderAdapter#toHttpCall}); a subclass says where the API lives, how it authenticates, and how a
 * realtime call becomes a line (Azure: the deployment as {@code model}, URLs without {@code /v1}).
 *
 * <p>Failed calls are classified by the type's realtime error classifier and thrown as
 * {@link ProviderException}; messages never hold the API key (it is only ever in headers).
 */
abstract class OpenAiFormatBatchApi implements ProviderBatchApi {

    /** The metadata key that tags a provider batch with its group. */
    static final String GROUP_KEY = "roocode_group";

    static final String INPUT_FILE_ID = "input_file_id";
    static final String ENDPOINT = "endpoint";
    /** Uploads and downloads move up to 200 MB: they get at least this long, whatever the config's timeout. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    final ProviderConfig config;
    final String apiKey;
    private final ProviderAdapter adapter;
    private final Transport transport;

    OpenAiFormatBatchApi(ProviderConfig config, String apiKey, ProviderAdapter adapter, Transport transport) {
        this.config = config;
        this.apiKey = apiKey;
        this.adapter = adapter;
        this.transport = transport;
    }

    /** The URI of {@code path} ({@code /files}, {@code /batches/...}) with {@code query} (encoded, or null). */
    abstract URI uri(String path, String query);

    /** The credential (and account) headers of every call. */
    abstract Map<String, String> auth();

    /** The batch's {@code endpoint} and every line's {@code url} for jobs of {@code kind}. */
    abstract String endpoint(JobKind kind);

    /** The line body for the realtime call of a job: the call's body, adjusted where the batch API differs. */
    abstract ObjectNode lineBody(HttpCall realtime, ObjectNode body);

    @Override
    public ProviderBatchRef submit(String groupId, List<BatchLine> lines) {
        if (lines.isEmpty()) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "a provider batch needs at least one line");
        }
        JobKind kind = lines.get(0).job().getJob().getKind();
        byte[] jsonl = jsonl(lines, kind);
        JsonNode file = json(send("POST", uri("/files", null), multipart(groupId, jsonl), transferTimeout()));
        String fileId = text(file, "id");
        ObjectNode create = JSON.createObjectNode();
        create.put(INPUT_FILE_ID, fileId);
        create.put(ENDPOINT, endpoint(kind));
        create.put("completion_window", "24h");
        create.putObject("metadata").put(GROUP_KEY, groupId);
        JsonNode batch = json(send("POST", uri("/batches", null), jsonBody(create), timeout()));
        return ref(batch);
    }

    @Override
    public Optional<ProviderBatchRef> find(String groupId) {
        String after = null;
        while (true) {
            String query = "limit=100" + (after == null ? "" : "&after=" + encode(after));
            JsonNode page = json(send("GET", uri("/batches", query), null, timeout()));
            for (JsonNode batch : page.path("data")) {
                if (groupId.equals(batch.path("metadata").path(GROUP_KEY).asText(null))) {
                    return Optional.of(ref(batch));
                }
            }
            after = page.path("last_id").asText(null);
            if (!page.path("has_more").asBoolean(false)
                    || after == null
                    || page.path("data").isEmpty()) {
                return Optional.empty();
            }
        }
    }

    @Override
    public ProviderBatchStatus status(ProviderBatchRef batch) {
        JsonNode node = batch(batch);
        JsonNode counts = node.path("request_counts");
        return new ProviderBatchStatus(
                state(node.path("status").asText("")),
                node.path("expires_at").isIntegralNumber()
                        ? Instant.ofEpochSecond(node.get("expires_at").asLong())
                        : null,
                counts.path("completed").asLong(-1),
                counts.path("failed").asLong(-1));
    }

    @Override
    public Map<String, LineOutcome> results(ProviderBatchRef batch) {
        JsonNode node = batch(batch);
        JobKind kind = node.path(ENDPOINT).asText("").endsWith("/embeddings") ? JobKind.EMBEDDING : JobKind.CHAT;
        Map<String, LineOutcome> outcomes = new HashMap<>();
        for (String field : List.of("output_file_id", "error_file_id")) {
            String fileId = node.path(field).asText(null);
            if (fileId != null && !fileId.isEmpty()) {
                byte[] content = send(
                                "GET", uri("/files/" + encode(fileId) + "/content", null), null, transferTimeout())
                        .body();
                OpenAiBatchResults.read(content, kind, adapter, outcomes);
            }
        }
        return outcomes;
    }

    @Override
    public void cancel(ProviderBatchRef batch) {
        HttpAnswer answer =
                call("POST", uri("/batches/" + encode(batch.id()) + "/cancel", null), jsonBody(null), timeout());
        if (answer.isSuccess()) {
            return;
        }
        // cancelling a batch that ended meanwhile is refused (400): nothing is left to cancel
        if (answer.status() == 400 && status(batch).state().ended()) {
            return;
        }
        throw new ProviderException(adapter.classify(answer));
    }

    private JsonNode batch(ProviderBatchRef batch) {
        return json(send("GET", uri("/batches/" + encode(batch.id()), null), null, timeout()));
    }

    private static ProviderBatchRef ref(JsonNode batch) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (batch.hasNonNull(INPUT_FILE_ID)) {
            extra.put(INPUT_FILE_ID, batch.get(INPUT_FILE_ID).asText());
        }
        if (batch.hasNonNull(ENDPOINT)) {
            extra.put(ENDPOINT, batch.get(ENDPOINT).asText());
        }
        return new ProviderBatchRef(text(batch, "id"), extra);
    }

    /** The lines as JSONL, each body the realtime adapter's. */
    private byte[] jsonl(List<BatchLine> lines, JobKind kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BatchLine line : lines) {
            DispatchedJob job = line.job();
            if (job.getJob().getKind() != kind) {
                throw ProviderException.permanent(
                        ErrorClass.INVALID_JOB,
                        "a provider batch holds one kind of job; line " + line.customId() + " is "
                                + job.getJob().getKind() + ", not " + kind);
            }
            HttpCall realtime = adapter.toHttpCall(job, config, apiKey);
            ObjectNode body;
            try {
                body = (ObjectNode) JSON.readTree(realtime.body());
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException("the realtime adapter built a body that is not a JSON object", e);
            }
            ObjectNode row = JSON.createObjectNode();
            row.put("custom_id", line.customId());
            row.put("method", "POST");
            row.put("url", endpoint(kind));
            row.set("body", lineBody(realtime, body));
            try {
                out.write(JSON.writeValueAsBytes(row));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static Body multipart(String groupId, byte[] jsonl) {
        String boundary = "roocode-" + UUID.randomUUID();
        String filename = "roocode-" + groupId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jsonl";
        ByteArrayOutputStream out = new ByteArrayOutputStream(jsonl.length + 512);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/jsonl\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(jsonl);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Body("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static Body jsonBody(JsonNode node) {
        try {
            return new Body("application/json", node == null ? new byte[0] : JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Body(String contentType, byte[] bytes) {}

    /** Sends a call and returns its 2xx answer, else throws the classified error. */
    private HttpAnswer send(String method, URI uri, Body body, Duration timeout) {
        HttpAnswer answer = call(method, uri, body, timeout);
        if (!answer.isSuccess()) {
            throw new ProviderException(adapter.classify(answer));
        }
        return answer;
    }

    private HttpAnswer call(String method, URI uri, Body body, Duration timeout) {
        Map<String, String> headers = new LinkedHashMap<>(auth());
        headers.put("Accept", "application/json");
        if (body != null) {
            headers.put("Content-Type", body.contentType());
        }
        HttpCall call = new HttpCall("batch", method, uri, headers, body == null ? null : body.bytes());
        try {
            return transport.send(call, timeout).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException provider) {
                throw provider;
            }
            throw new ProviderException(ProviderError.of(
                    ErrorClass.NETWORK,
                    true,
                    "batch call failed: " + e.getCause().getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderError.of(ErrorClass.NETWORK, true, "interrupted during a batch call"));
        }
    }

    private JsonNode json(HttpAnswer answer) {
        try {
            JsonNode node = JSON.readTree(answer.body());
            if (node == null || !node.isObject()) {
                throw invalid("the batch API answered something other than a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw invalid("the batch API answered JSON that does not parse");
        }
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asText(null);
        if (value == null || value.isEmpty()) {
            throw invalid("the batch API's answer has no " + field);
        }
        return value;
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ProviderError.of(ErrorClass.INVALID_RESPONSE, true, message));
    }

    /** OpenAI's batch status words; an unknown one reads as in progress, so a new state never ends a batch early. */
    static ProviderBatchStatus.State state(String status) {
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "validating" -> ProviderBatchStatus.State.VALIDATING;
            case "finalizing" -> ProviderBatchStatus.State.FINALIZING;
            case "completed" -> ProviderBatchStatus.State.COMPLETED;
            case "failed" -> ProviderBatchStatus.State.FAILED;
            case "expired" -> ProviderBatchStatus.State.EXPIRED;
            case "cancelling" -> ProviderBatchStatus.State.CANCELLING;
            case "cancelled" -> ProviderBatchStatus.State.CANCELLED;
            default -> ProviderBatchStatus.State.IN_PROGRESS;
        };
    }

    private Duration transferTimeout() {
        Duration configured = timeout();
        return configured.compareTo(TRANSFER_TIMEOUT) > 0 ? configured : TRANSFER_TIMEOUT;
    }

    private Duration timeout() {
        return Duration.ofMillis(config.getTimeoutMs());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
