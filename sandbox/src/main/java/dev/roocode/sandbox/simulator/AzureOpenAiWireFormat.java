package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/**
 * Azure OpenAI: OpenAI's bodies at {@code /openai/deployments/{deployment}/chat/completions} and
 * {@code .../embeddings}, an {@code api-version} query parameter (without it Azure answers 404 Resource not
 * found), {@code api-key} or {@code Authorization: Bearer} credentials, errors as
 * {@code {"error":{"code","message"}}} and only the {@code x-ratelimit-remaining-*} headers plus
 * {@code retry-after} / {@code retry-after-ms}. The deployment name is the model, so directives are read from
 * it (deployment {@code sim-latency-100}); a {@code model} in the body is ignored, as Azure does.
 */
final class AzureOpenAiWireFormat implements WireFormat {

    private static final String PREFIX = "/openai/deployments/";
    private static final PathTemplate CHAT = new PathTemplate(PREFIX, "/chat/completions");
    private static final PathTemplate EMBEDDINGS = new PathTemplate(PREFIX, "/embeddings");
    private static final HttpString API_KEY = new HttpString("api-key");
    private static final HttpString APIM_REQUEST_ID = new HttpString("apim-request-id");

    @Override
    public Operation operation(String path) {
        return CHAT.name(path) != null ? Operation.CHAT : EMBEDDINGS.name(path) != null ? Operation.EMBEDDINGS : null;
    }

    @Override
    public boolean owns(String path) {
        return path.startsWith("/openai/");
    }

    @Override
    public String presentedApiKey(HttpServerExchange exchange) {
        String key = exchange.getRequestHeaders().getFirst(API_KEY);
        return key != null ? key.trim() : OpenAiWireFormat.bearer(exchange.getRequestHeaders());
    }

    @Override
    public String unauthorizedMessage(boolean missing) {
        return missing
                ? "Access denied due to missing subscription key. Make sure to include subscription key when making"
                        + " requests to an API."
                : "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key"
                        + " for an active subscription and use a correct regional API endpoint for your resource.";
    }

    @Override
    public void checkCall(HttpServerExchange exchange) throws InvalidRequestException {
        String version = exchange.getQueryParameters().containsKey("api-version")
                ? exchange.getQueryParameters().get("api-version").peekFirst()
                : null;
        if (version == null || version.isBlank()) {
            throw new InvalidRequestException(ErrorKind.NOT_FOUND, "Resource not found", null);
        }
    }

    @Override
    public SimRequest parse(Operation operation, String path, byte[] body) throws InvalidRequestException {
        JsonNode root = OpenAiWireFormat.root(body);
        String deployment = (operation == Operation.CHAT ? CHAT : EMBEDDINGS).name(path);
        return OpenAiWireFormat.request(operation, root, deployment);
    }

    @Override
    public byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds) {
        return OpenAiWireFormat.chatCompletion(
                request, reply, "chatcmpl-sim-" + responseId, createdEpochSeconds, false);
    }

    @Override
    public byte[] embeddingsResponse(SimRequest request, String responseId) {
        return OpenAiWireFormat.embeddingList(request);
    }

    @Override
    public byte[] error(SimError error) {
        return Json.write(256, json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("code", code(error.kind()));
            json.writeStringField("message", error.message());
            if (error.param() != null) {
                // Azure passes OpenAI's own validation errors through with their param and type.
                json.writeStringField("param", error.param());
                json.writeStringField("type", "invalid_request_error");
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static String code(ErrorKind kind) {
        switch (kind) {
            case MISSING_API_KEY:
            case INVALID_API_KEY:
            case NOT_FOUND:
            case RATE_LIMIT_REQUESTS:
            case RATE_LIMIT_TOKENS:
                return Integer.toString(kind.status);
            case SERVER_ERROR:
                return "InternalServerError";
            case OVERLOADED:
                return "ServiceUnavailable";
            case METHOD_NOT_ALLOWED:
                return "MethodNotAllowed";
            default:
                String openAi = OpenAiWireFormat.code(kind);
                return openAi != null ? openAi : "BadRequest";
        }
    }

    @Override
    public void rateLimitHeaders(RateLimitState state, long nowMs, HeaderMap headers) {
        RetryHints.add(state, headers, true);
        if (state.limitRequests() > 0) {
            headers.put(OpenAiWireFormat.REMAINING_REQUESTS, Long.toString(state.remainingRequests()));
        }
        if (state.limitTokens() > 0) {
            headers.put(OpenAiWireFormat.REMAINING_TOKENS, Long.toString(state.remainingTokens()));
        }
    }

    @Override
    public void responseHeaders(String responseId, HeaderMap headers) {
        headers.put(APIM_REQUEST_ID, "sim-" + responseId);
    }
}
