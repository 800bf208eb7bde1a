package dev.roocode.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Deque;

/**
 * Reading requests and writing answers on a blocking exchange (every route runs off the I/O thread,
 * see {@link dev.roocode.api.ApiServer}): JSON bodies with a size limit, path and query parameters,
 * JSON answers and OpenAI-shaped errors.
 */
public final class Exchanges {
    /** The one mapper of the API; thread-safe once built. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {}

    /** The request body, refused with 413 past {@code maxBytes}. */
    public static byte[] readBody(HttpServerExchange exchange, long maxBytes) throws IOException {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBytes) {
            throw ApiException.tooLarge(
                    "request body of " + declared + " bytes is over the limit of " + maxBytes + " bytes");
        }
        InputStream in = exchange.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > maxBytes) {
                throw ApiException.tooLarge("request body is over the limit of " + maxBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The request body as a JSON object; 400 when it is not one. */
    public static ObjectNode readJsonObject(HttpServerExchange exchange, long maxBytes) throws IOException {
        byte[] body = readBody(exchange, maxBytes);
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest(
                    null,
                    null,
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                            + "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
                            + "valid JSON.)");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalidRequest(null, null, "The request body must be a JSON object.");
        }
        return object;
    }

    /** A {@code {name}} segment of the route's path template. */
    public static String pathParam(HttpServerExchange exchange, String name) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return match == null ? null : match.getParameters().get(name);
    }

    /** The first value of a query parameter, or null. */
    public static String queryParam(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.peekFirst();
    }

    /** Answers {@code status} with {@code body} serialized as JSON. */
    public static void sendJson(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an answer", e);
        }
        send(exchange, status, "application/json", bytes);
    }

    /** Answers {@code status} with {@code bytes} of {@code contentType}. */
    public static void send(HttpServerExchange exchange, int status, String contentType, byte[] bytes) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
    }

    /** The error body OpenAI sends: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static ObjectNode errorBody(ApiException e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param());
        error.put("code", e.code());
        return root;
    }

    /** Answers {@code e} in OpenAI's shape, with {@code Retry-After} when it has one. */
    public static void sendError(HttpServerExchange exchange, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        byte[] bytes = errorBody(e).toString().getBytes(StandardCharsets.UTF_8);
        send(exchange, e.status(), "application/json", bytes);
    }
}
