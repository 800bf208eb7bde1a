package dev.roocode.sandbox.simulator;

import static dev.roocode.sandbox.simulator.InvalidRequestException.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.time.Instant;

/**
 * Anthropic's Messages API ({@code Message}, {@code ErrorResponse} in anthropic-openapi.json) at
 * {@code /v1/messages}: {@code x-api-key} credential, required {@code anthropic-version} header and
 * {@code max_tokens}, errors as {@code {"type":"error","error":{"type","message"},"request_id"}}, overload as
 * status 529 (so {@code down} and half of {@code flaky} answer 529), and
 * {@code anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}} headers with RFC 3339 resets. Anthropic
 * has no embeddings endpoint: other {@code /v1/messages...} paths answer 404 {@code not_found_error}.
 */
final class AnthropicWireFormat implements WireFormat {

    private static final String PATH = "/v1/messages";
    private static final HttpString X_API_KEY = new HttpString("x-api-key");
    private static final HttpString VERSION = new HttpString("anthropic-version");
    private static final HttpString REQUEST_ID = new HttpString("request-id");
    private static final HttpString REQUESTS_LIMIT = new HttpString("anthropic-ratelimit-requests-limit");
    private static final HttpString REQUESTS_REMAINING = new HttpString("anthropic-ratelimit-requests-remaining");
    private static final HttpString REQUESTS_RESET = new HttpString("anthropic-ratelimit-requests-reset");
    private static final HttpString TOKENS_LIMIT = new HttpString("anthropic-ratelimit-tokens-limit");
    private static final HttpString TOKENS_REMAINING = new HttpString("anthropic-ratelimit-tokens-remaining");
    private static final HttpString TOKENS_RESET = new HttpString("anthropic-ratelimit-tokens-reset");
    static final int OVERLOADED_STATUS = 529;

    @Override
    public Operation operation(String path) {
        return PATH.equals(path) ? Operation.CHAT : null;
    }

    @Override
    public boolean owns(String path) {
        return path.startsWith(PATH);
    }

    @Override
    public String presentedApiKey(HttpServerExchange exchange) {
        return exchange.getRequestHeaders().getFirst(X_API_KEY);
    }

    @Override
    public String unauthorizedMessage(boolean missing) {
        return missing ? "x-api-key header is required" : "invalid x-api-key";
    }

    @Override
    public void checkCall(HttpServerExchange exchange) throws InvalidRequestException {
        if (exchange.getRequestHeaders().getFirst(VERSION) == null) {
            throw new InvalidRequestException(
                    ErrorKind.MISSING_PARAMETER, "anthropic-version: header is required", null);
        }
    }

    @Override
    public SimRequest parse(Operation operation, String path, byte[] body) throws InvalidRequestException {
        JsonNode root = Json.object(body, "The request body is not valid JSON.");
        String model = Json.string(root, "model");
        if (model == null) {
            throw invalid("model: Field required");
        }
        int maxTokens = Json.integer(root, "max_tokens");
        if (maxTokens < 1) {
            throw invalid(root.has("max_tokens") ? "max_tokens: must be at least 1" : "max_tokens: Field required");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("messages: Field required");
        }
        if (root.path("stream").asBoolean(false)) {
            throw invalid("stream: the provider simulator does not stream; send stream: false");
        }
        Transcript transcript = new Transcript(Json.text(root.get("system")));
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                throw invalid("messages: roles must be 'user' or 'assistant', was '" + role + "'");
            }
            transcript.add(role.equals("user"), Json.text(message.get("content")));
        }
        return transcript.request(model, maxTokens);
    }

    @Override
    public byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds) {
        return Json.write(512, json -> {
            json.writeStartObject();
            json.writeStringField("id", "msg_sim_" + responseId);
            json.writeStringField("type", "message");
            json.writeStringField("role", "assistant");
            json.writeStringField("model", request.model());
            json.writeArrayFieldStart("content");
            json.writeStartObject();
            json.writeStringField("type", "text");
            json.writeStringField("text", reply.content());
            json.writeNullField("citations");
            json.writeEndObject();
            json.writeEndArray();
            json.writeStringField("stop_reason", reply.truncated() ? "max_tokens" : "end_turn");
            json.writeNullField("stop_sequence");
            json.writeNullField("stop_details");
            json.writeNullField("container");
            json.writeObjectFieldStart("usage");
            json.writeNumberField("input_tokens", reply.promptTokens());
            json.writeNumberField("output_tokens", reply.completionTokens());
            json.writeNumberField("cache_creation_input_tokens", 0);
            json.writeNumberField("cache_read_input_tokens", 0);
            json.writeNullField("cache_creation");
            json.writeNullField("inference_geo");
            json.writeNullField("server_tool_use");
            json.writeStringField("service_tier", "standard");
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    @Override
    public byte[] embeddingsResponse(SimRequest request, String responseId) {
        throw new UnsupportedOperationException("Anthropic has no embeddings endpoint");
    }

    @Override
    public int status(ErrorKind kind) {
        return kind == ErrorKind.OVERLOADED ? OVERLOADED_STATUS : kind.status;
    }

    @Override
    public byte[] error(SimError error) {
        return Json.write(256, json -> {
            json.writeStartObject();
            json.writeStringField("type", "error");
            json.writeObjectFieldStart("error");
            json.writeStringField("type", type(error.kind()));
            json.writeStringField("message", error.message());
            json.writeEndObject();
            json.writeStringField("request_id", error.responseId() == null ? null : "req_sim_" + error.responseId());
            json.writeEndObject();
        });
    }

    private static String type(ErrorKind kind) {
        switch (kind) {
            case MISSING_API_KEY:
            case INVALID_API_KEY:
                return "authentication_error";
            case NOT_FOUND:
                return "not_found_error";
            case RATE_LIMIT_REQUESTS:
            case RATE_LIMIT_TOKENS:
                return "rate_limit_error";
            case OVERLOADED:
                return "overloaded_error";
            case SERVER_ERROR:
                return "api_error";
            default:
                return "invalid_request_error";
        }
    }

    @Override
    public void rateLimitHeaders(RateLimitState state, long nowMs, HeaderMap headers) {
        RetryHints.add(state, headers, false);
        if (state.limitRequests() > 0) {
            headers.put(REQUESTS_LIMIT, Long.toString(state.limitRequests()));
            headers.put(REQUESTS_REMAINING, Long.toString(state.remainingRequests()));
            headers.put(
                    REQUESTS_RESET,
                    Instant.ofEpochMilli(nowMs + state.resetRequestsMs()).toString());
        }
        if (state.limitTokens() > 0) {
            headers.put(TOKENS_LIMIT, Long.toString(state.limitTokens()));
            headers.put(TOKENS_REMAINING, Long.toString(state.remainingTokens()));
            headers.put(
                    TOKENS_RESET,
                    Instant.ofEpochMilli(nowMs + state.resetTokensMs()).toString());
        }
    }

    @Override
    public void responseHeaders(String responseId, HeaderMap headers) {
        headers.put(REQUEST_ID, "req_sim_" + responseId);
    }
}
