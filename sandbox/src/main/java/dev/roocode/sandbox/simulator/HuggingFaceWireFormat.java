package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.List;

/**
 * Hugging Face Inference Endpoints running TGI (chat) or text-embeddings-inference (feature extraction), one
 * endpoint per model as on Hugging Face: the simulator serves endpoint {@code {name}} under
 * {@code /hf/{name}}, and {@code {name}} is the model directives are read from. Chat is TGI's OpenAI-compatible
 * {@code /hf/{name}/v1/chat/completions} (bodies as tgi-openapi.json {@code ChatCompletion}, with
 * {@code system_fingerprint} and null {@code tool_calls}); feature extraction is {@code POST /hf/{name}} (or
 * {@code /hf/{name}/} or {@code /hf/{name}/embed}) with {@code {"inputs": string | [string]}} answering raw
 * {@code [[float, ...], ...]} without usage. Bearer credential; errors are TGI's
 * {@code {"error", "error_type"}} with validation errors as 422. Rate limits use the IETF headers the Hugging
 * Face Hub sends ({@code RateLimit}, {@code RateLimit-Policy}) and {@code retry-after} on 429.
 */
final class HuggingFaceWireFormat implements WireFormat {

    private static final String PREFIX = "/hf/";
    private static final PathTemplate CHAT = new PathTemplate(PREFIX, "/v1/chat/completions");
    private static final List<PathTemplate> EMBED =
            List.of(new PathTemplate(PREFIX, ""), new PathTemplate(PREFIX, "/"), new PathTemplate(PREFIX, "/embed"));
    private static final HttpString RATE_LIMIT = new HttpString("RateLimit");
    private static final HttpString RATE_LIMIT_POLICY = new HttpString("RateLimit-Policy");
    private static final HttpString X_REQUEST_ID = new HttpString("x-request-id");

    @Override
    public Operation operation(String path) {
        return CHAT.name(path) != null ? Operation.CHAT : endpoint(path) != null ? Operation.EMBEDDINGS : null;
    }

    private static String endpoint(String path) {
        String chat = CHAT.name(path);
        if (chat != null) {
            return chat;
        }
        for (PathTemplate template : EMBED) {
            String name = template.name(path);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    @Override
    public boolean owns(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public String presentedApiKey(HttpServerExchange exchange) {
        return OpenAiWireFormat.bearer(exchange.getRequestHeaders());
    }

    @Override
    public String unauthorizedMessage(boolean missing) {
        return missing ? "Authorization header is required" : "Invalid credentials in Authorization header";
    }

    @Override
    public SimRequest parse(Operation operation, String path, byte[] body) throws InvalidRequestException {
        JsonNode root = Json.object(body, "Failed to deserialize the JSON body");
        String endpoint = endpoint(path);
        return operation == Operation.CHAT
                ? OpenAiWireFormat.request(operation, root, endpoint)
                : embed(root, endpoint);
    }

    private static SimRequest embed(JsonNode root, String endpoint) throws InvalidRequestException {
        List<String> texts = Json.strings(root.get("inputs"));
        if (texts == null || texts.isEmpty()) {
            throw new InvalidRequestException(
                    ErrorKind.MISSING_PARAMETER, "`inputs` must be a non-empty string or array of strings", "inputs");
        }
        return SimRequest.embeddings(endpoint, texts, -1, false);
    }

    @Override
    public byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds) {
        return OpenAiWireFormat.chatCompletion(request, reply, "", createdEpochSeconds, true);
    }

    @Override
    public byte[] embeddingsResponse(SimRequest request, String responseId) {
        return Json.write(16 + request.inputs().size() * request.dimensionsOrDefault() * 12, json -> {
            json.writeStartArray();
            for (int i = 0; i < request.inputs().size(); i++) {
                Json.floats(json, request.vector(i));
            }
            json.writeEndArray();
        });
    }

    @Override
    public int status(ErrorKind kind) {
        return kind.status == 400 ? 422 : kind.status;
    }

    @Override
    public byte[] error(SimError error) {
        return Json.write(128, json -> {
            json.writeStartObject();
            json.writeStringField("error", error.message());
            json.writeStringField("error_type", type(error.kind()));
            json.writeEndObject();
        });
    }

    private static String type(ErrorKind kind) {
        switch (kind) {
            case MISSING_API_KEY:
            case INVALID_API_KEY:
                return "authentication";
            case NOT_FOUND:
            case METHOD_NOT_ALLOWED:
                return "not_found";
            case RATE_LIMIT_REQUESTS:
            case RATE_LIMIT_TOKENS:
            case OVERLOADED:
                return "overloaded";
            case SERVER_ERROR:
                return "incomplete_generation";
            default:
                return "validation";
        }
    }

    @Override
    public void rateLimitHeaders(RateLimitState state, long nowMs, HeaderMap headers) {
        RetryHints.add(state, headers, false);
        if (state.limitRequests() > 0) {
            headers.put(
                    RATE_LIMIT,
                    "\"api\";r=" + state.remainingRequests() + ";t=" + RetryHints.seconds(state.resetRequestsMs()));
            headers.put(RATE_LIMIT_POLICY, "\"fixed window\";\"api\";q=" + state.limitRequests());
        }
    }

    @Override
    public void responseHeaders(String responseId, HeaderMap headers) {
        headers.put(X_REQUEST_ID, "sim-" + responseId);
    }
}
