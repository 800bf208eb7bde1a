package dev.roocode.connectors.provider.support;

import dev.roocode.schemas.RequestIds;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.connectors.provider.ProviderAdapter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Joins a configured endpoint and an API path, and starts the headers every native JSON call carries. */
public final class Endpoints {
    private Endpoints() {}

    /**
     * {@code endpoint + path} without a doubled slash, and without doubling {@code versionPrefix}
     * (e.g. {@code /v1}) when the configured endpoint already ends with it.
     */
    public static URI join(String endpoint, String versionPrefix, String path) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        String suffix = versionPrefix != null && base.endsWith(versionPrefix) && path.startsWith(versionPrefix + "/")
                ? path.substring(versionPrefix.length())
                : path;
        try {
            return URI.create(base + suffix);
        } catch (IllegalArgumentException e) {
            throw ProviderException.permanent(ErrorClass.BAD_REQUEST, "provider endpoint is not a valid URI: " + e.getMessage());
        }
    }

    /**
     * A new, mutable header map with what every JSON call of a native provider carries
     * (content type, accept, the Roocode request id); the caller adds its own auth and version headers.
     */
    public static Map<String, String> jsonHeaders(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put(ProviderAdapter.REQUEST_ID_HEADER, RequestIds.toHeaderValue(requestId));
        return headers;
    }
}
