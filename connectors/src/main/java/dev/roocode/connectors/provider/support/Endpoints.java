package dev.roocode.connectors.provider.support;

import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.RequestIds;
import dev.roocode.schemas.avro.ErrorClass;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds request URLs from a configured endpoint and an API path, and starts the headers every
 * native JSON call carries. The one place every adapter joins a base URL and a path: the endpoint
 * is parsed, its base path kept, and the API path appended as path segments, so a base like
 * {@code http://h/v1/} and {@code /chat/completions} give {@code http://h/v1/chat/completions}.
 *
 * <p>An endpoint is a base URL only: one with {@code user:password@}, a query string or a fragment is
 * refused, since those are where a secret hides (and a query would otherwise end up glued in front
 * of the API path). Refusals never repeat the endpoint.
 */
public final class Endpoints {
    /** Where a user is sent when an endpoint carries a credential. */
    public static final String CREDENTIAL_ADVICE =
            "give the API key with --api-key-stdin, --api-key-env or --api-key-file"
                    + " (providers file: credential: {env: VARIABLE} or {file: PATH}), not in the URL";

    /**
     * Each call joins its provider's endpoint and path again, which parsed two URIs: a twentieth of a worker thread.
     * A refused endpoint throws and is not remembered.
     */
    private static final Map<Joined, URI> JOINED = new ConcurrentHashMap<>();

    private static final int MAX_JOINED = 1024;

    private record Joined(String endpoint, String versionPrefix, String path, String rawQuery) {}

    private Endpoints() {}

    /**
     * Why {@code endpoint} cannot be a provider's base URL, without repeating any of it; null when it can
     * (an absolute http(s) URL with a host and no user info, query or fragment).
     */
    public static String problem(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint == null ? "" : endpoint.trim());
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + ")";
        }
        if (uri.getRawUserInfo() != null) {
            return "carries user info (user:password@) — " + CREDENTIAL_ADVICE;
        }
        if (uri.getRawQuery() != null) {
            return "has a query string (?...) — a base URL takes none; " + CREDENTIAL_ADVICE;
        }
        if (uri.getRawFragment() != null) {
            return "has a fragment (#...) — a base URL takes none";
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            return "is not an http(s) URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "has no host";
        }
        return null;
    }

    /** {@code endpoint} fit for display: user info and query replaced by {@code ***}, so an old record never shows a secret. */
    public static String redact(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        try {
            URI uri = new URI(endpoint.trim());
            if (uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return endpoint;
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "***";
            }
            return uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : "***@") + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?***") + (uri.getRawFragment() == null ? "" : "#***");
        } catch (URISyntaxException e) {
            return "***";
        }
    }

    /**
     * {@code endpoint}'s base path followed by {@code path}, one slash between them, without doubling
     * {@code versionPrefix} (e.g. {@code /v1}) when the endpoint already ends with it.
     */
    public static URI join(String endpoint, String versionPrefix, String path) {
        return join(endpoint, versionPrefix, path, null);
    }

    /** As {@link #join(String, String, String)}, with {@code rawQuery} (already encoded, e.g. {@code api-version=2024-10-21}). */
    public static URI join(String endpoint, String versionPrefix, String path, String rawQuery) {
        Joined key = new Joined(endpoint, versionPrefix, path, rawQuery);
        URI known = JOINED.get(key);
        if (known != null) {
            return known;
        }
        URI joined = joinUncached(endpoint, versionPrefix, path, rawQuery);
        if (JOINED.size() >= MAX_JOINED) {
            JOINED.clear(); // model names are in some paths: keep the memo bounded whatever jobs name
        }
        JOINED.put(key, joined);
        return joined;
    }

    private static URI joinUncached(String endpoint, String versionPrefix, String path, String rawQuery) {
        String problem = problem(endpoint);
        if (problem != null) {
            throw ProviderException.permanent(ErrorClass.BAD_REQUEST, "provider endpoint " + problem);
        }
        URI base = URI.create(endpoint.trim());
        String basePath = trimSlashes(base.getRawPath() == null ? "" : base.getRawPath());
        String suffix = path == null || path.isEmpty() ? "" : "/" + path.replaceFirst("^/+", "");
        if (versionPrefix != null && basePath.endsWith(versionPrefix) && suffix.startsWith(versionPrefix + "/")) {
            suffix = suffix.substring(versionPrefix.length());
        }
        try {
            return new URI(base.getScheme() + "://" + base.getRawAuthority() + basePath + suffix
                    + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        } catch (URISyntaxException e) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "provider request URL is not valid: " + e.getReason());
        }
    }

    private static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
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
