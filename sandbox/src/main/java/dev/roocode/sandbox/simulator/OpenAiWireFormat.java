package dev.roocode.sandbox.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's chat-completions and embeddings wire format ({@code CreateChatCompletionResponse},
 * {@code CreateEmbeddingResponse}, {@code ErrorResponse} in openai-openapi.yaml), including its
 * {@code Authorization: Bearer} credential and {@code x-ratelimit-*} headers.
 *
 * <p>Requests are read through one shared ObjectMapper into a tree (bodies are small); answers are written
 * with the streaming generator straight into a byte array, without an intermediate object model.
 *
 * <p>About 300 lines on purpose: a whole dialect (routes, credential, request reading, answers, errors,
 * headers) stays in one file, so the next provider is written by copying this one class.
 */
final class OpenAiWireFormat implements WireFormat {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON = MAPPER.getFactory();
  private static final HttpString X_REQUEST_ID = new HttpString("x-request-id");
  private static final HttpString RETRY_AFTER_MS = new HttpString("retry-after-ms");
  private static final HttpString LIMIT_REQUESTS = new HttpString("x-ratelimit-limit-requests");
  private static final HttpString REMAINING_REQUESTS = new HttpString("x-ratelimit-remaining-requests");
  private static final HttpString RESET_REQUESTS = new HttpString("x-ratelimit-reset-requests");
  private static final HttpString LIMIT_TOKENS = new HttpString("x-ratelimit-limit-tokens");
  private static final HttpString REMAINING_TOKENS = new HttpString("x-ratelimit-remaining-tokens");
  private static final HttpString RESET_TOKENS = new HttpString("x-ratelimit-reset-tokens");
  private static final String BEARER = "Bearer ";

  @Override
  public Map<String, Operation> routes() {
    return Map.of("/v1/chat/completions", Operation.CHAT, "/v1/embeddings", Operation.EMBEDDINGS);
  }

  @Override
  public String presentedApiKey(HeaderMap requestHeaders) {
    String authorization = requestHeaders.getFirst(Headers.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return authorization.substring(BEARER.length()).trim();
  }

  @Override
  public SimRequest parse(Operation operation, byte[] body) throws InvalidRequestException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException(
          ErrorKind.INVALID_JSON,
          "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload, but what"
              + " was sent was not valid JSON.",
          null);
    }
    JsonNode model = root.get("model");
    if (model == null || !model.isTextual() || model.asText().isEmpty()) {
      throw new InvalidRequestException(ErrorKind.MISSING_PARAMETER, "you must provide a model parameter", "model");
    }
    if (root.path("stream").asBoolean(false)) {
      throw new InvalidRequestException(
          ErrorKind.INVALID_VALUE, "The provider simulator does not stream; send stream: false.", "stream");
    }
    return operation == Operation.CHAT ? parseChat(root, model.asText()) : parseEmbeddings(root, model.asText());
  }

  private static SimRequest parseChat(JsonNode root, String model) throws InvalidRequestException {
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new InvalidRequestException(
          ErrorKind.MISSING_PARAMETER, "Missing required parameter: 'messages'.", "messages");
    }
    long characters = 0;
    String lastUser = "";
    for (JsonNode message : messages) {
      String text = messageText(message.get("content"));
      characters += text.length();
      if ("user".equals(message.path("role").asText())) {
        lastUser = text;
      }
    }
    JsonNode cap = root.hasNonNull("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
    int maxTokens = cap != null && cap.canConvertToInt() ? cap.asInt() : -1;
    return new SimRequest(
        Operation.CHAT, model, SimRequest.estimateTokens(characters), lastUser, maxTokens, List.of(), -1, false);
  }

  /** Content is a string or an array of parts; only text parts count. */
  private static String messageText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.has("text")) {
        text.append(part.get("text").asText());
      }
    }
    return text.toString();
  }

  private static SimRequest parseEmbeddings(JsonNode root, String model) throws InvalidRequestException {
    JsonNode input = root.get("input");
    List<String> inputs = new ArrayList<>();
    if (input != null && input.isTextual()) {
      inputs.add(input.asText());
    } else if (input != null && input.isArray()) {
      for (JsonNode item : input) {
        if (!item.isTextual()) {
          throw new InvalidRequestException(
              ErrorKind.INVALID_VALUE,
              "The provider simulator accepts input as a string or an array of strings (not token arrays).",
              "input");
        }
        inputs.add(item.asText());
      }
    }
    if (inputs.isEmpty()) {
      throw new InvalidRequestException(ErrorKind.MISSING_PARAMETER, "Missing required parameter: 'input'.", "input");
    }
    long tokens = 0;
    for (String text : inputs) {
      tokens += SimRequest.estimateTokens(text.length());
    }
    JsonNode dims = root.get("dimensions");
    int dimensions = dims != null && dims.canConvertToInt() ? dims.asInt() : -1;
    if (dims != null && (dimensions < 1 || dimensions > 65_536)) {
      throw new InvalidRequestException(
          ErrorKind.INVALID_VALUE, "dimensions must be an integer between 1 and 65536.", "dimensions");
    }
    boolean base64 = "base64".equals(root.path("encoding_format").asText());
    return new SimRequest(Operation.EMBEDDINGS, model, tokens, "", -1, List.copyOf(inputs), dimensions, base64);
  }

  @Override
  public byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", "chatcmpl-sim-" + responseId);
      json.writeStringField("object", "chat.completion");
      json.writeNumberField("created", createdEpochSeconds);
      json.writeStringField("model", request.model());
      json.writeArrayFieldStart("choices");
      json.writeStartObject();
      json.writeNumberField("index", 0);
      json.writeObjectFieldStart("message");
      json.writeStringField("role", "assistant");
      json.writeStringField("content", reply.content());
      json.writeNullField("refusal");
      json.writeArrayFieldStart("annotations");
      json.writeEndArray();
      json.writeEndObject();
      json.writeNullField("logprobs");
      json.writeStringField("finish_reason", reply.truncated() ? "length" : "stop");
      json.writeEndObject();
      json.writeEndArray();
      json.writeObjectFieldStart("usage");
      json.writeNumberField("prompt_tokens", reply.promptTokens());
      json.writeNumberField("completion_tokens", reply.completionTokens());
      json.writeNumberField("total_tokens", reply.promptTokens() + reply.completionTokens());
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
      json.writeEndObject();
      json.writeStringField("service_tier", "default");
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public byte[] embeddingsResponse(SimRequest request) {
    int dimensions = request.dimensions() > 0 ? request.dimensions() : Embeddings.DEFAULT_DIMENSIONS;
    ByteArrayBuilder out = new ByteArrayBuilder(256 + request.inputs().size() * dimensions * 12);
    try (JsonGenerator json = JSON.createGenerator(out)) {
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
          json.writeStartArray();
          for (float value : vector) {
            json.writeNumber(value);
          }
          json.writeEndArray();
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public byte[] error(ErrorKind kind, String message, String param) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("error");
      json.writeStringField("message", message);
      json.writeStringField("type", type(kind));
      json.writeStringField("param", param);
      json.writeStringField("code", code(kind));
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
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

  private static String code(ErrorKind kind) {
    switch (kind) {
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
  public void rateLimitHeaders(RateLimitState state, HeaderMap headers) {
    if (!state.allowed()) {
      headers.put(Headers.RETRY_AFTER, Long.toString(Math.max(1, (state.retryAfterMs() + 999) / 1000)));
      headers.put(RETRY_AFTER_MS, Long.toString(state.retryAfterMs()));
    }
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
