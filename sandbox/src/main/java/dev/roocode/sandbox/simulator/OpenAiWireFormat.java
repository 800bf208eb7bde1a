package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's chat-completions and embeddings wire format ({@code CreateChatCompletionResponse},
 * {@code CreateEmbeddingResponse}, {@code ErrorResponse} in openai-openapi.yaml), including its
 * {@code Authorization: Bearer} credential and {@code x-ratelimit-*} headers. With a path prefix the same
 * format is the {@code openai-compatible} provider (e.g. {@code /compat/v1/chat/completions}).
 *
 * <p>The request reading and answer writing are package-visible statics because Azure OpenAI and Hugging
 * Face TGI speak the same bodies under other paths, credentials and error shapes. That shared role is why
 * this class is a little over 300 lines: splitting the bodies from the dialect would scatter one API's
 * shape over two files.
 */
final class OpenAiWireFormat implements WireFormat {

    private static final HttpString X_REQUEST_ID = new HttpString("x-request-id");
    static final HttpString RETRY_AFTER_MS = new HttpString("retry-after-ms");
    private static final HttpString LIMIT_REQUESTS = new HttpString("x-ratelimit-limit-requests");
    static final HttpString REMAINING_REQUESTS = new HttpString("x-ratelimit-remaining-requests");
    private static final HttpString RESET_REQUESTS = new HttpString("x-ratelimit-reset-requests");
    private static final HttpString LIMIT_TOKENS = new HttpString("x-ratelimit-limit-tokens");
    static final HttpString REMAINING_TOKENS = new HttpString("x-ratelimit-remaining-tokens");
    private static final HttpString RESET_TOKENS = new HttpString("x-ratelimit-reset-tokens");
    private static final String BEARER = "Bearer ";

    private final String prefix;
    private final String chatPath;
    private final String embeddingsPath;

    /** OpenAI itself, at {@code /v1/...}. */
    OpenAiWireFormat() {
        this("");
    }

    /** The same dialect under {@code prefix}, e.g. {@code /compat} for the openai-compatible provider. */
    OpenAiWireFormat(String prefix) {
        this.prefix = prefix;
        this.chatPath = prefix + "/v1/chat/completions";
        this.embeddingsPath = prefix + "/v1/embeddings";
    }

    @Override
    public Operation operation(String path) {
        return path.equals(chatPath) ? Operation.CHAT : path.equals(embeddingsPath) ? Operation.EMBEDDINGS : null;
    }

    @Override
    public boolean owns(String path) {
        return !prefix.isEmpty() && path.startsWith(prefix + "/");
    }

    @Override
    public String presentedApiKey(HttpServerExchange exchange) {
        return bearer(exchange.getRequestHeaders());
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearer(HeaderMap headers) {
        String authorization = headers.getFirst(Headers.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    @Override
    public String unauthorizedMessage(boolean missing) {
        return missing
                ? "You didn't provide an API key. Provide it in an Authorization header using Bearer auth"
                        + " (i.e. Authorization: Bearer YOUR_KEY)."
                : "Incorrect API key provided.";
    }

    @Override
    public SimRequest parse(Operation operation, String path, byte[] body) throws InvalidRequestException {
        JsonNode root = root(body);
        String model = Json.string(root, "model");
        if (model == null) {
            throw new InvalidRequestException(
                    ErrorKind.MISSING_PARAMETER, "you must provide a model parameter", "model");
        }
        return request(operation, root, model);
    }

    /** The body as an object, else 400 with OpenAI's message. */
    static JsonNode root(byte[] body) throws InvalidRequestException {
        return Json.object(
                body,
                "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload, but what"
                        + " was sent was not valid JSON.");
    }

    /** Reads an OpenAI chat or embeddings body whose model is already known. */
    static SimRequest request(Operation operation, JsonNode root, String model) throws InvalidRequestException {
        if (root.path("stream").asBoolean(false)) {
            throw new InvalidRequestException(
                    ErrorKind.INVALID_VALUE, "The provider simulator does not stream; send stream: false.", "stream");
        }
        return operation == Operation.CHAT ? chat(root, model) : embeddings(root, model);
    }

    private static SimRequest chat(JsonNode root, String model) throws InvalidRequestException {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException(
                    ErrorKind.MISSING_PARAMETER, "Missing required parameter: 'messages'.", "messages");
        }
        Transcript transcript = new Transcript("");
        for (JsonNode message : messages) {
            transcript.add("user".equals(message.path("role").asText()), Json.text(message.get("content")));
        }
        int maxTokens = root.hasNonNull("max_completion_tokens")
                ? Json.integer(root, "max_completion_tokens")
                : Json.integer(root, "max_tokens");
        return transcript.request(model, maxTokens);
    }

    private static SimRequest embeddings(JsonNode root, String model) throws InvalidRequestException {
        List<String> inputs = Json.strings(root.get("input"));
        if (inputs == null) {
            throw new InvalidRequestException(
                    ErrorKind.INVALID_VALUE,
                    "The provider simulator accepts input as a string or an array of strings (not token arrays).",
                    "input");
        }
        if (inputs.isEmpty()) {
            throw new InvalidRequestException(
                    ErrorKind.MISSING_PARAMETER, "Missing required parameter: 'input'.", "input");
        }
        JsonNode dims = root.get("dimensions");
        int dimensions = Json.integer(root, "dimensions");
        if (dims != null && (dimensions < 1 || dimensions > 65_536)) {
            throw new InvalidRequestException(
                    ErrorKind.INVALID_VALUE, "dimensions must be an integer between 1 and 65536.", "dimensions");
        }
        boolean base64 = "base64".equals(root.path("encoding_format").asText());
        return SimRequest.embeddings(model, inputs, dimensions, base64);
    }

    @Override
    public byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds) {
        return chatCompletion(request, reply, "chatcmpl-sim-" + responseId, createdEpochSeconds, false);
    }

    /**
     * A {@code chat.completion} body. TGI's variant ({@code tgi}) carries {@code system_fingerprint} and the
     * message's {@code name} / {@code tool_calls} as null, where OpenAI has {@code refusal} and
     * {@code annotations}, as in the TGI snapshots under specs/examples.
     */
    static byte[] chatCompletion(SimRequest request, ChatReply reply, String id, long created, boolean tgi) {
        return Json.write(512, json -> {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("object", "chat.completion");
            json.writeNumberField("created", created);
            json.writeStringField("model", request.model());
            if (tgi) {
                json.writeStringField("system_fingerprint", "3.1.2-sim");
            }
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            json.writeObjectFieldStart("message");
            json.writeStringField("role", "assistant");
            json.writeStringField("content", reply.content());
            if (tgi) {
                json.writeNullField("name");
                json.writeNullField("tool_calls");
            } else {
                json.writeNullField("refusal");
                json.writeArrayFieldStart("annotations");
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", reply.truncated() ? "length" : "stop");
            json.writeEndObject();
            json.writeEndArray();
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", reply.promptTokens());
            json.writeNumberField("completion_tokens", reply.completionTokens());
            json.writeNumberField("total_tokens", reply.promptTokens() + reply.completionTokens());
            if (!tgi) {
                usageDetails(json);
            }
            json.writeEndObject();
            if (!tgi) {
                json.writeStringField("service_tier", "default");
            }
            json.writeEndObject();
        });
    }

    private static void usageDetails(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("prompt_tokens_details");
        json.writeNumberField("cached_tokens", 0);
        json.writeNumberField("audio_tokens", 0);
        json.writeEndObject();
        json.writeObjectFieldStart("completion_tokens_details");
        json.writeNumberField("reasoning_tokens", 0);
        json.writeNumberField("audio_tokens", 0);
        json.writeNumberField("accepted_prediction_tokens", 0);
        json.writeNumberField("rejected_prediction_tokens", 0);
        json.writeEndObject();
    }

    @Override
    public byte[] embeddingsResponse(SimRequest request, String responseId) {
        return embeddingList(request);
    }

    /** A {@code CreateEmbeddingResponse} body. */
    static byte[] embeddingList(SimRequest request) {
        int dimensions = request.dimensionsOrDefault();
        return Json.write(256 + request.inputs().size() * dimensions * 12, json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (int i = 0; i < request.inputs().size(); i++) {
                float[] vector = Embeddings.vector(request.inputs().get(i), dimensions);
                json.writeStartObject();
                json.writeStringField("object", "embedding");
                json.writeNumberField("index", i);
                json.writeFieldName("embedding");
                if (request.base64()) {
                    ByteBuffer bytes = ByteBuffer.allocate(dimensions * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(vector);
                    json.writeString(Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                    Json.floats(json, vector);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("model", request.model());
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", request.promptTokens());
            json.writeNumberField("total_tokens", request.promptTokens());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    @Override
    public byte[] error(SimError error) {
        return Json.write(256, json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("message", error.message());
            json.writeStringField("type", type(error.kind()));
            json.writeStringField("param", error.param());
            json.writeStringField("code", code(error.kind()));
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static String type(ErrorKind kind) {
        switch (kind) {
            case RATE_LIMIT_REQUESTS:
                return "requests";
            case RATE_LIMIT_TOKENS:
                return "tokens";
            case SERVER_ERROR:
            case OVERLOADED:
                return "server_error";
            default:
                return "invalid_request_error";
        }
    }

    /** OpenAI's {@code code} for a kind, or null; Azure reuses it for 400s. */
    static String code(ErrorKind kind) {
        switch (kind) {
            case MISSING_API_KEY:
            case INVALID_API_KEY:
                return "invalid_api_key";
            case MISSING_PARAMETER:
                return "missing_required_parameter";
            case RATE_LIMIT_REQUESTS:
            case RATE_LIMIT_TOKENS:
                return "rate_limit_exceeded";
            default:
                return null;
        }
    }

    @Override
    public void rateLimitHeaders(RateLimitState state, long nowMs, HeaderMap headers) {
        RetryHints.add(state, headers, true);
        if (state.limitRequests() > 0) {
            headers.put(LIMIT_REQUESTS, Long.toString(state.limitRequests()));
            headers.put(REMAINING_REQUESTS, Long.toString(state.remainingRequests()));
            headers.put(RESET_REQUESTS, GoDuration.format(state.resetRequestsMs()));
        }
        if (state.limitTokens() > 0) {
            headers.put(LIMIT_TOKENS, Long.toString(state.limitTokens()));
            headers.put(REMAINING_TOKENS, Long.toString(state.remainingTokens()));
            headers.put(RESET_TOKENS, GoDuration.format(state.resetTokensMs()));
        }
    }

    @Override
    public void responseHeaders(String responseId, HeaderMap headers) {
        headers.put(X_REQUEST_ID, "req_sim_" + responseId);
    }
}
