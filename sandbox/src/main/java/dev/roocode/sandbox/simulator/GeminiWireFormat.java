package dev.roocode.sandbox.simulator;

import static dev.roocode.sandbox.simulator.InvalidRequestException.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Google Gemini's generativelanguage v1beta ({@code GenerateContentResponse}, {@code BatchEmbedContentsResponse}
 * in gemini-openapi.json) at {@code /v1beta/models/{model}:generateContent} and {@code :batchEmbedContents};
 * the model comes from the URL. Credential: {@code x-goog-api-key} or {@code ?key=}. Errors are Google's
 * {@code {"error":{"code","message","status"}}}, and like the real API a wrong key answers 400
 * {@code INVALID_ARGUMENT} "API key not valid" and a missing one 403 {@code PERMISSION_DENIED}, not 401.
 * Gemini sends no rate-limit headers: a 429 {@code RESOURCE_EXHAUSTED} carries a {@code google.rpc.RetryInfo}
 * detail with {@code retryDelay} instead. Embeddings carry no usage, as in the real API.
 */
final class GeminiWireFormat implements WireFormat {

    private static final String PREFIX = "/v1beta/models/";
    private static final PathTemplate GENERATE = new PathTemplate(PREFIX, ":generateContent");
    private static final PathTemplate EMBED = new PathTemplate(PREFIX, ":batchEmbedContents");
    private static final HttpString API_KEY = new HttpString("x-goog-api-key");

    @Override
    public Operation operation(String path) {
        return GENERATE.name(path) != null ? Operation.CHAT : EMBED.name(path) != null ? Operation.EMBEDDINGS : null;
    }

    @Override
    public boolean owns(String path) {
        return path.startsWith("/v1beta/");
    }

    @Override
    public String presentedApiKey(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(API_KEY);
        Deque<String> query = exchange.getQueryParameters().get("key");
        return header != null ? header : query == null ? null : query.peekFirst();
    }

    @Override
    public String unauthorizedMessage(boolean missing) {
        return missing
                ? "Method doesn't allow unregistered callers (callers without established identity). Please use API Key"
                        + " or other form of API consumer identity to call this API."
                : "API key not valid. Please pass a valid API key.";
    }

    @Override
    public SimRequest parse(Operation operation, String path, byte[] body) throws InvalidRequestException {
        JsonNode root = Json.object(body, "Invalid JSON payload received.");
        return operation == Operation.CHAT ? generate(root, GENERATE.name(path)) : embed(root, EMBED.name(path));
    }

    private static SimRequest generate(JsonNode root, String model) throws InvalidRequestException {
        JsonNode contents = root.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw invalid("* GenerateContentRequest.contents: contents is not specified");
        }
        Transcript transcript =
                new Transcript(Json.text(root.path("systemInstruction").get("parts")));
        for (JsonNode content : contents) {
            String role = content.path("role").asText("user");
            if (!role.equals("user") && !role.equals("model")) {
                throw invalid("Please use a valid role: user, model.");
            }
            transcript.add(role.equals("user"), Json.text(content.get("parts")));
        }
        int maxTokens = Json.integer(root.path("generationConfig"), "maxOutputTokens");
        return transcript.request(model, maxTokens);
    }

    private static SimRequest embed(JsonNode root, String model) throws InvalidRequestException {
        JsonNode requests = root.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw invalid("* BatchEmbedContentsRequest.requests: requests is not specified");
        }
        List<String> inputs = new ArrayList<>();
        int dimensions = -1;
        for (JsonNode request : requests) {
            String named = Json.string(request, "model");
            if (named != null && !named.equals("models/" + model)) {
                throw invalid("Model names should be the same in the BatchEmbedContentsRequest: models/" + model
                        + " and its requests: " + named);
            }
            inputs.add(Json.text(request.path("content").get("parts")));
            dimensions = Json.integer(request, "outputDimensionality");
        }
        return SimRequest.embeddings(model, inputs, dimensions, false);
    }

    @Override
    public byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds) {
        return Json.write(512, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("candidates");
            json.writeStartObject();
            json.writeObjectFieldStart("content");
            json.writeStringField("role", "model");
            json.writeArrayFieldStart("parts");
            json.writeStartObject();
            json.writeStringField("text", reply.content());
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeStringField("finishReason", reply.truncated() ? "MAX_TOKENS" : "STOP");
            json.writeNumberField("index", 0);
            json.writeEndObject();
            json.writeEndArray();
            json.writeObjectFieldStart("usageMetadata");
            json.writeNumberField("promptTokenCount", reply.promptTokens());
            json.writeNumberField("candidatesTokenCount", reply.completionTokens());
            json.writeNumberField("totalTokenCount", reply.promptTokens() + reply.completionTokens());
            json.writeEndObject();
            json.writeStringField("modelVersion", request.model());
            json.writeStringField("responseId", "sim-" + responseId);
            json.writeEndObject();
        });
    }

    @Override
    public byte[] embeddingsResponse(SimRequest request, String responseId) {
        return Json.write(64 + request.inputs().size() * request.dimensionsOrDefault() * 12, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("embeddings");
            for (int i = 0; i < request.inputs().size(); i++) {
                json.writeStartObject();
                json.writeFieldName("values");
                Json.floats(json, request.vector(i));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    @Override
    public int status(ErrorKind kind) {
        switch (kind) {
            case MISSING_API_KEY:
                return 403;
            case INVALID_API_KEY:
                return 400;
            default:
                return kind.status;
        }
    }

    @Override
    public byte[] error(SimError error) {
        return Json.write(256, json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeNumberField("code", status(error.kind()));
            json.writeStringField("message", error.message());
            json.writeStringField("status", statusName(error.kind()));
            if (error.kind() == ErrorKind.RATE_LIMIT_REQUESTS || error.kind() == ErrorKind.RATE_LIMIT_TOKENS) {
                json.writeArrayFieldStart("details");
                json.writeStartObject();
                json.writeStringField("@type", "type.googleapis.com/google.rpc.RetryInfo");
                json.writeStringField("retryDelay", RetryHints.seconds(error.retryAfterMs()) + "s");
                json.writeEndObject();
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static String statusName(ErrorKind kind) {
        switch (kind) {
            case MISSING_API_KEY:
                return "PERMISSION_DENIED";
            case NOT_FOUND:
                return "NOT_FOUND";
            case METHOD_NOT_ALLOWED:
                return "UNIMPLEMENTED";
            case RATE_LIMIT_REQUESTS:
            case RATE_LIMIT_TOKENS:
                return "RESOURCE_EXHAUSTED";
            case SERVER_ERROR:
                return "INTERNAL";
            case OVERLOADED:
                return "UNAVAILABLE";
            default:
                return "INVALID_ARGUMENT";
        }
    }

    @Override
    public void rateLimitHeaders(RateLimitState state, long nowMs, HeaderMap headers) {
        // Gemini reports limits only in the 429 body (RetryInfo); it sends no rate-limit headers.
    }

    @Override
    public void responseHeaders(String responseId, HeaderMap headers) {
        // Gemini answers carry their id in the body (responseId), not in a header.
    }
}
