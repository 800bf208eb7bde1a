package dev.roocode.connectors.provider;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request an adapter wants sent: method, URI, headers and body bytes. Built without I/O by
 * {@link ProviderAdapter#toHttpCall}; sent only by the worker's HTTP transport.
 *
 * <p>{@link #toString()} never shows header values, since the {@code Authorization} header holds
 * the API key.
 */
public record HttpCall(String requestId, String method, URI uri, Map<String, String> headers, byte[] body) {

    public HttpCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** This call with header {@code name} set to {@code value} (replacing one of the same name, in any case). */
    public HttpCall withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                copy.put(k, v);
            }
        });
        copy.put(name, value);
        return new HttpCall(requestId, method, uri, copy, body);
    }

    @Override
    public String toString() {
        return "HttpCall[" + method + " " + uri + ", requestId=" + requestId + ", headers=" + headers.keySet()
                + ", body=" + body.length + " bytes]";
    }
}
