package dev.roocode.schemas.batch;

import static dev.roocode.schemas.batch.JsonFields.absent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.RequestIds;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decodes one OpenAI Batch API input line ({@code custom_id}, {@code method}, {@code url},
 * {@code body}) into a {@link Job}. Body fields without a typed home in the job (OpenAI's {@code n},
 * {@code user}, {@code logprobs}, ...) are kept verbatim in {@code openAiParamsJson}, where each provider
 * type maps, drops or refuses them by its field policy, so nothing in a line is silently dropped nor
 * sent as-is to an API that does not know it. Only the object under {@link #EXTRA_BODY} goes to
 * {@code extraBodyJson}, merged unchanged into whichever provider's request. What cannot be carried at
 * all (token-id input, base64 vectors, streaming, audio parts) makes the line {@link DecodedLine.Invalid}.
 */
public final class BatchLineCodec {
    /** The chat completions endpoint, decoded to {@link JobKind#CHAT}. */
    public static final String CHAT_URL = "/v1/chat/completions";
    /** The embeddings endpoint, decoded to {@link JobKind#EMBEDDING}. */
    public static final String EMBEDDINGS_URL = "/v1/embeddings";
    /**
     * The Responses endpoint, decoded to {@link JobKind#CHAT} through {@link ResponsesBodyMapper}; the job's
     * metadata says so ({@link #METADATA_ENDPOINT}), and its Result is written as a Responses object.
     */
    public static final String RESPONSES_URL = "/v1/responses";
    /**
     * The body field holding provider-specific parameters, merged unchanged into the provider request
     * (the name the OpenAI SDKs give such parameters); it is not sent as a field itself.
     */
    public static final String EXTRA_BODY = "extra_body";
    /**
     * The endpoints as Azure OpenAI's batch files name them (and LiteLLM's router examples): relative to the
     * API's base, without {@code /v1}. They mean the same requests.
     */
    private static final Map<String, JobKind> KINDS_BY_URL = Map.of(
            CHAT_URL,
            JobKind.CHAT,
            "/chat/completions",
            JobKind.CHAT,
            EMBEDDINGS_URL,
            JobKind.EMBEDDING,
            "/embeddings",
            JobKind.EMBEDDING,
            RESPONSES_URL,
            JobKind.CHAT,
            "/responses",
            JobKind.CHAT);
    /**
     * Optional top-level field of a line (next to custom_id) holding a W3C {@code traceparent}: the job is sent with it
     * as its trace context. Absent or malformed: the job starts a fresh trace; never an error.
     */
    public static final String TRACEPARENT = "traceparent";

    /** Job metadata key holding the line's custom_id. */
    public static final String METADATA_CUSTOM_ID = "custom_id";
    /** Job metadata key holding the line's 1-based line number. */
    public static final String METADATA_LINE = "line";
    /**
     * Job metadata key holding how many jobs the submitter sent in the job's batch, so the processor
     * can record the batch's total on its BatchStatus (set by the client's batch runner, not by the codec).
     */
    public static final String METADATA_BATCH_SIZE = "roocode.batch.size";
    /**
     * Job metadata key naming the endpoint a job came as when its answer must not be a chat completion: {@link
     * #RESPONSES_URL} for a Responses request (absent for chat and embeddings). Echoed on the Result, where {@link
     * BatchOutputWriter} reads it.
     */
    public static final String METADATA_ENDPOINT = "roocode.endpoint";
    /** Job metadata key holding, as compact JSON, what a Responses object echoes of its request (instructions, tools, ...). */
    public static final String METADATA_RESPONSES_ECHO = "roocode.responses.echo";

    private BatchLineCodec() {}

    /**
     * The whole number ≥ 0 that {@code metadata} holds under {@code key} (such as {@link #METADATA_LINE} or
     * {@link #METADATA_BATCH_SIZE}), or null when it is absent or not one: metadata is the submitter's, so
     * a reader never fails on it.
     */
    public static Long metadataNumber(Map<String, String> metadata, String key) {
        String value = metadata == null ? null : metadata.get(key);
        if (value == null) {
            return null;
        }
        try {
            long number = Long.parseLong(value.trim());
            return number >= 0 ? number : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Decodes one line.
     *
     * @param line the line without its line terminator
     * @param lineNumber 1-based line number, kept in the job's metadata and in error reports
     * @param batchId batch the job belongs to; the requestId is {@code batchId + "/" + customId}
     * @param submittedAt the job's submission time
     * @return the job, or why the line cannot become one
     */
    public static DecodedLine decode(String line, long lineNumber, String batchId, Instant submittedAt) {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        JsonNode root;
        try {
            root = BatchJson.MAPPER.readTree(line == null ? "" : line);
        } catch (JsonProcessingException e) {
            return new DecodedLine.Invalid(
                    null,
                    lineNumber,
                    BatchErrorCodes.INVALID_JSON,
                    "line is not valid JSON: " + BatchJson.oneLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return new DecodedLine.Invalid(null, lineNumber, BatchErrorCodes.INVALID_JSON, "line is not a JSON object");
        }
        JsonNode customIdNode = root.get("custom_id");
        if (absent(customIdNode)
                || customIdNode.isTextual() && customIdNode.textValue().isEmpty()) {
            return new DecodedLine.Invalid(
                    null,
                    lineNumber,
                    BatchErrorCodes.MISSING_CUSTOM_ID,
                    "custom_id is required: a non-empty string unique in the file");
        }
        if (!customIdNode.isTextual()) {
            return new DecodedLine.Invalid(
                    null,
                    lineNumber,
                    BatchErrorCodes.INVALID_CUSTOM_ID,
                    "custom_id must be a string (got " + BatchJson.oneLine(abbreviate(customIdNode.toString())) + ")");
        }
        String customId = customIdNode.textValue();
        String problem = customIdProblem(customId, batchId);
        if (problem != null) {
            return new DecodedLine.Invalid(customId, lineNumber, BatchErrorCodes.INVALID_CUSTOM_ID, problem);
        }
        try {
            Job job = job(root, customId, lineNumber, batchId, submittedAt);
            JsonNode trace = root.get(TRACEPARENT);
            return new DecodedLine.Valid(
                    customId, job, trace != null && trace.isTextual() ? TraceParent.parse(trace.textValue()) : null);
        } catch (InvalidLineException e) {
            return new DecodedLine.Invalid(customId, lineNumber, e.code(), e.getMessage());
        }
    }

    private static Job job(JsonNode root, String customId, long lineNumber, String batchId, Instant submittedAt)
            throws InvalidLineException {
        JsonNode method = root.get("method");
        if (method == null || !"POST".equals(method.asText(null))) {
            throw new InvalidLineException(
                    BatchErrorCodes.UNSUPPORTED_METHOD,
                    method == null
                            ? "method is missing; use POST"
                            : "method " + method + " is not supported; use POST");
        }
        JsonNode urlNode = root.get("url");
        String url = urlNode == null || !urlNode.isTextual() ? null : urlNode.textValue();
        JobKind kind = url == null ? null : KINDS_BY_URL.get(url);
        if (kind == null) {
            throw new InvalidLineException(
                    BatchErrorCodes.UNSUPPORTED_URL,
                    (urlNode == null ? "url is missing" : "url " + abbreviate(urlNode.toString()) + " is not supported")
                            + "; use " + CHAT_URL + ", " + EMBEDDINGS_URL + " or " + RESPONSES_URL
                            + " (or, as in Azure's files, /chat/completions or /embeddings)");
        }
        JsonNode body = root.get("body");
        if (absent(body) || !body.isObject() || body.isEmpty()) {
            throw new InvalidLineException(BatchErrorCodes.MISSING_BODY, "body is required: the request object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(METADATA_CUSTOM_ID, customId);
        metadata.put(METADATA_LINE, Long.toString(lineNumber));
        return job(url, kind, body, batchId + "/" + customId, batchId, metadata, submittedAt, "body.");
    }

    /**
     * The job of one request body sent to {@code url} ({@link #CHAT_URL}, {@link #EMBEDDINGS_URL} or {@link
     * #RESPONSES_URL}, or their Azure forms), as the HTTP API receives it outside any batch file: the same
     * mappers and rules as a line's body. The job has no batch and no reply topic.
     *
     * @param requestId the job's requestId (see {@link RequestIds})
     * @param metadata the job's metadata to start from (the decoder may add to a copy)
     * @return a {@link DecodedLine.Valid} whose customId is {@code requestId}, or a {@link DecodedLine.Invalid}
     *     (line number 0) with the code and a one-line message naming the parameter at fault
     */
    public static DecodedLine decodeRequest(
            String url, JsonNode body, String requestId, Map<String, String> metadata, Instant submittedAt) {
        Objects.requireNonNull(requestId, "requestId");
        JobKind kind = url == null ? null : KINDS_BY_URL.get(url);
        try {
            if (kind == null) {
                throw new InvalidLineException(BatchErrorCodes.UNSUPPORTED_URL, "url " + url + " is not supported");
            }
            if (body == null || !body.isObject() || body.isEmpty()) {
                throw new InvalidLineException(BatchErrorCodes.MISSING_BODY, "the body must be a JSON object");
            }
            Job job = job(url, kind, body, requestId, null, new LinkedHashMap<>(metadata), submittedAt, "");
            return new DecodedLine.Valid(requestId, job);
        } catch (InvalidLineException e) {
            return new DecodedLine.Invalid(null, 0, e.code(), e.getMessage());
        }
    }

    /** Whether {@code url} names the Responses endpoint (with or without {@code /v1}). */
    public static boolean isResponsesUrl(String url) {
        return RESPONSES_URL.equals(url) || "/responses".equals(url);
    }

    private static Job job(
            String url,
            JobKind kind,
            JsonNode body,
            String requestId,
            String batchId,
            Map<String, String> metadata,
            Instant submittedAt,
            String bodyPath)
            throws InvalidLineException {
        if (isResponsesUrl(url)) {
            ResponsesBodyMapper.Translated translated = ResponsesBodyMapper.translate(body);
            metadata.put(METADATA_ENDPOINT, RESPONSES_URL);
            metadata.put(METADATA_RESPONSES_ECHO, translated.echoJson());
            body = translated.chatBody();
        }
        String model = JsonFields.optText(body, "model", bodyPath);
        if (model == null || model.isBlank()) {
            throw new InvalidLineException(BatchErrorCodes.MISSING_MODEL, bodyPath + "model is required");
        }
        if (body.path("stream").asBoolean(false)) {
            throw new InvalidLineException(
                    BatchErrorCodes.UNSUPPORTED_PARAMETER, "stream=true is not supported in a batch line");
        }
        Job.Builder job = Job.newBuilder()
                .setRequestId(requestId)
                .setBatchId(batchId)
                .setKind(kind)
                .setModel(model)
                .setMetadata(metadata)
                .setSubmittedAt(submittedAt);
        if (kind == JobKind.CHAT) {
            job.setChat(ChatBodyMapper.map(body));
            untyped(body, ChatBodyMapper.MAPPED, job);
        } else {
            job.setEmbedding(EmbeddingBodyMapper.map(body));
            untyped(body, EmbeddingBodyMapper.MAPPED, job);
        }
        return job.build();
    }

    /**
     * Why {@code customId} cannot become the requestId {@code batchId/customId} the processor would accept
     * (the rule is {@link RequestIds}'), or null when it can.
     */
    public static String customIdProblem(String customId, String batchId) {
        String problem = RequestIds.problem(batchId + "/" + customId);
        if (problem == null) {
            return null;
        }
        int bytes = customId.getBytes(StandardCharsets.UTF_8).length;
        int room = RequestIds.MAX_BYTES - 1 - batchId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > room) {
            return "custom_id is " + bytes + " bytes in UTF-8; with batch id " + batchId + " at most " + room
                    + " fit in a requestId";
        }
        String own = RequestIds.problem(customId);
        return own != null ? "custom_id " + own : "requestId " + batchId + "/" + customId + " " + problem;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /**
     * The body fields the typed request does not hold, in their original order: {@link #EXTRA_BODY}'s
     * object to extraBodyJson, every other one to openAiParamsJson (each null when empty).
     */
    private static void untyped(JsonNode body, Set<String> mapped, Job.Builder job) throws InvalidLineException {
        ObjectNode params = BatchJson.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (EXTRA_BODY.equals(field.getKey())) {
                job.setExtraBodyJson(extraBody(field.getValue()));
            } else if (!mapped.contains(field.getKey())) {
                params.set(field.getKey(), field.getValue());
            }
        }
        job.setOpenAiParamsJson(params.isEmpty() ? null : BatchJson.text(params));
    }

    private static String extraBody(JsonNode extra) throws InvalidLineException {
        if (absent(extra)) {
            return null;
        }
        if (!extra.isObject()) {
            throw JsonFields.invalid(EXTRA_BODY + " must be an object of provider-specific parameters");
        }
        return extra.isEmpty() ? null : BatchJson.text(extra);
    }
}
