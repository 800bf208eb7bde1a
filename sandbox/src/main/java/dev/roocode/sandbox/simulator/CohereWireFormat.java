package dev.roocode.sandbox.simulator;

import static dev.roocode.sandbox.simulator.InvalidRequestException.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Set;

/**
 * Cohere's v2 API at {@code /v2/chat} and {@code /v2/embed} (field names from cohere-openapi.yaml in
 * cohere-ai/cohere-developer-experience, read through the search tools: its licence keeps it out of
 * shared/specs). Bearer credential; errors are {@code {"message": ...}}; usage sits in
 * {@code usage.billed_units} / {@code usage.tokens} (chat) and {@code meta.billed_units} (embed). Cohere
 * publishes no per-minute rate-limit headers for production keys; like its trial keys the simulator sends
 * {@code x-trial-endpoint-call-limit} / {@code x-trial-endpoint-call-remaining} for an {@code rpm} limit, and
 * nothing else (no {@code retry-after}).
 */
final class CohereWireFormat implements WireFormat {

    private static final String CHAT = "/v2/chat";
    private static final String EMBED = "/v2/embed";
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final Set<String> INPUT_TYPES =
            Set.of("search_document", "search_query", "classification", "clustering");
    private static final HttpString CALL_LIMIT = new HttpString("x-trial-endpoint-call-limit");
    private static final HttpString CALL_REMAINING = new HttpString("x-trial-endpoint-call-remaining");
    private static final HttpString DEBUG_TRACE_ID = new HttpString("x-debug-trace-id");

    @Override
    public Operation operation(String path) {
        return path.equals(CHAT) ? Operation.CHAT : path.equals(EMBED) ? Operation.EMBEDDINGS : null;
    }

    @Override
    public boolean owns(String path) {
        return path.startsWith("/v2/");
    }

    @Override
    public String presentedApiKey(HttpServerExchange exchange) {
        return OpenAiWireFormat.bearer(exchange.getRequestHeaders());
    }

    @Override
    public String unauthorizedMessage(boolean missing) {
        return missing ? "no api key supplied" : "invalid api token";
    }

    @Override
    public SimRequest parse(Operation operation, String path, byte[] body) throws InvalidRequestException {
        JsonNode root = Json.object(body, "invalid request: json: cannot unmarshal body");
        String model = Json.string(root, "model");
        if (model == null) {
            throw invalid("invalid request: model must be specified");
        }
        return operation == Operation.CHAT ? chat(root, model) : embed(root, model);
    }

    private static SimRequest chat(JsonNode root, String model) throws InvalidRequestException {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("invalid request: messages must be specified");
        }
        if (root.path("stream").asBoolean(false)) {
            throw invalid("invalid request: the provider simulator does not stream; send stream: false");
        }
        Transcript transcript = new Transcript("");
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!ROLES.contains(role)) {
                throw invalid("invalid request: message role must be one of system, user, assistant, tool");
            }
            transcript.add(role.equals("user"), Json.text(message.get("content")));
        }
        return transcript.request(model, Json.integer(root, "max_tokens"));
    }

    private static SimRequest embed(JsonNode root, String model) throws InvalidRequestException {
        String inputType = Json.string(root, "input_type");
        if (inputType == null || !INPUT_TYPES.contains(inputType)) {
            throw invalid("invalid request: input_type must be one of "
                    + String.join(", ", INPUT_TYPES.stream().sorted().toList()));
        }
        for (JsonNode type : root.path("embedding_types")) {
            if (!"float".equals(type.asText())) {
                throw invalid("invalid request: the provider simulator only returns embedding_types [\"float\"]");
            }
        }
        List<String> texts = Json.strings(root.get("texts"));
        if (texts == null || texts.isEmpty() || !root.path("texts").isArray()) {
            throw invalid("invalid request: texts must be a non-empty array of strings");
        }
        return SimRequest.embeddings(model, texts, Json.integer(root, "output_dimension"), false);
    }

    @Override
    public byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds) {
        return Json.write(512, json -> {
            json.writeStartObject();
            json.writeStringField("id", "sim-" + responseId);
            json.writeStringField("finish_reason", reply.truncated() ? "MAX_TOKENS" : "COMPLETE");
            json.writeObjectFieldStart("message");
            json.writeStringField("role", "assistant");
            json.writeArrayFieldStart("content");
            json.writeStartObject();
            json.writeStringField("type", "text");
            json.writeStringField("text", reply.content());
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeObjectFieldStart("usage");
            for (String field : new String[] {"billed_units", "tokens"}) {
                json.writeObjectFieldStart(field);
                json.writeNumberField("input_tokens", reply.promptTokens());
                json.writeNumberField("output_tokens", reply.completionTokens());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    @Override
    public byte[] embeddingsResponse(SimRequest request, String responseId) {
        return Json.write(128 + request.inputs().size() * request.dimensionsOrDefault() * 12, json -> {
            json.writeStartObject();
            json.writeStringField("id", "sim-" + responseId);
            json.writeStringField("response_type", "embeddings_by_type");
            json.writeObjectFieldStart("embeddings");
            json.writeArrayFieldStart("float");
            for (int i = 0; i < request.inputs().size(); i++) {
                Json.floats(json, request.vector(i));
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("texts");
            for (String text : request.inputs()) {
                json.writeString(text);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("meta");
            json.writeObjectFieldStart("api_version");
            json.writeStringField("version", "2");
            json.writeEndObject();
            json.writeObjectFieldStart("billed_units");
            json.writeNumberField("input_tokens", request.promptTokens());
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    @Override
    public byte[] error(SimError error) {
        return Json.write(128, json -> {
            json.writeStartObject();
            json.writeStringField("message", error.message());
            json.writeEndObject();
        });
    }

    @Override
    public void rateLimitHeaders(RateLimitState state, long nowMs, HeaderMap headers) {
        if (state.limitRequests() > 0) {
            headers.put(CALL_LIMIT, Long.toString(state.limitRequests()));
            headers.put(CALL_REMAINING, Long.toString(state.remainingRequests()));
        }
    }

    @Override
    public void responseHeaders(String responseId, HeaderMap headers) {
        headers.put(DEBUG_TRACE_ID, "sim-" + responseId);
    }
}
