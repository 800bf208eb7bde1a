package dev.roocode.connectors.provider.support;

import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import java.net.URI;

/** Joins a configured endpoint and an API path. */
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
}
