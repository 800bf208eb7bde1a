package dev.roocode.api.http;

/**
 * An answer that is not a success, in OpenAI's shape: {@code {"error": {"message", "type", "param",
 * "code"}}} with OpenAI's status code, so that every OpenAI SDK raises its usual exception
 * (400 BadRequestError, 401 AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError,
 * 409 ConflictError, 413, 422 UnprocessableEntityError, 429 RateLimitError, 5xx InternalServerError).
 * The message is one line meant for the caller; it never holds a key.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String type, String param, String code, String message) {
        this(status, type, param, code, message, null);
    }

    private ApiException(int status, String type, String param, String code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 {@code invalid_request_error}. */
    public static ApiException invalidRequest(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", param, code, message);
    }

    /** 401 {@code invalid_request_error}/{@code invalid_api_key}, as OpenAI answers a wrong key. */
    public static ApiException unauthorized(String message) {
        return new ApiException(401, "invalid_request_error", null, "invalid_api_key", message);
    }

    /** 403: authenticated, but this key may not do that. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, "invalid_request_error", null, "forbidden", message);
    }

    /** 404 for an id this caller cannot see (another tenant's ids are answered the same, never 403). */
    public static ApiException notFound(String param, String message) {
        return new ApiException(404, "invalid_request_error", param, null, message);
    }

    /** 413: the request body is larger than the limit. */
    public static ApiException tooLarge(String message) {
        return new ApiException(413, "invalid_request_error", null, "request_too_large", message);
    }

    /** 429 {@code rate_limit_exceeded} with a {@code Retry-After} header of {@code retryAfterSeconds}. */
    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(429, "requests", null, "rate_limit_exceeded", message, Math.max(1, retryAfterSeconds));
    }

    /** 504: the answer did not come through Kafka in time. */
    public static ApiException timeout(String message) {
        return new ApiException(504, "timeout", null, "timeout", message);
    }

    /** 500 {@code server_error}: a fault of ours; the message says what without internals. */
    public static ApiException internal(String message) {
        return new ApiException(500, "server_error", null, null, message);
    }

    /** 503: a dependency (the broker) is unreachable right now. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, "server_error", null, "service_unavailable", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    /** Seconds for a {@code Retry-After} header, or null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
