package dev.roocode.connectors.provider.anthropic;

import static dev.roocode.connectors.provider.anthropic.AnthropicWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RetryAfter;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Non-2xx Anthropic answer → error class, from the HTTP status and the error body's
 * {@code error.type}. Permanent classes first (authentication, permission, content policy, context
 * length, bad request, not found), then transient ones. The wait is {@code retry-after}, else the
 * latest {@code anthropic-ratelimit-*-reset} (RFC 3339) of a limit whose remaining count is 0.
 */
final class AnthropicErrorClassifier {

    ProviderError classify(HttpAnswer answer) {
        int status = answer.status();
        ErrorBody body = errorBody(answer.body());
        Duration retryAfter = retryAfter(answer).orElse(null);
        ErrorClass errorClass = errorClass(status, body);
        return new ProviderError(
                errorClass,
                status,
                retryable(errorClass, status, body),
                retryAfter,
                describe(status, errorClass, body));
    }

    private static ErrorClass errorClass(int status, ErrorBody body) {
        String type = body.type() == null ? "" : body.type();
        if (status == 401 || type.equals("authentication_error")) {
            return ErrorClass.AUTHENTICATION;
        }
        if (isContentPolicy(body)) {
            return ErrorClass.CONTENT_POLICY;
        }
        if (status == 403 || type.equals("permission_error")) {
            return ErrorClass.PERMISSION;
        }
        if (status == 413 || type.equals("request_too_large")) {
            return ErrorClass.CONTEXT_LENGTH;
        }
        // "Your credit balance is too low to access the Anthropic API" comes as a 400: a billing state, not a bad job
        if (status == 402 || type.equals("billing_error") || containsAny(body.message(), "credit balance is too low")) {
            return ErrorClass.RATE_LIMITED;
        }
        if (status == 400 || status == 422 || type.equals("invalid_request_error")) {
            return isContextLength(body) ? ErrorClass.CONTEXT_LENGTH : ErrorClass.BAD_REQUEST;
        }
        if (status == 404 || type.equals("not_found_error")) {
            return ErrorClass.NOT_FOUND;
        }
        if (status == 429 || type.equals("rate_limit_error")) {
            return ErrorClass.RATE_LIMITED;
        }
        if (status == 408 || status == 504 || type.equals("timeout_error")) {
            return ErrorClass.TIMEOUT;
        }
        if (status == 529 || status == 502 || status == 503 || type.equals("overloaded_error")) {
            return ErrorClass.PROVIDER_UNAVAILABLE;
        }
        if (status >= 500 || status == 409) {
            return ErrorClass.PROVIDER_ERROR;
        }
        return ErrorClass.BAD_REQUEST;
    }

    private static boolean retryable(ErrorClass errorClass, int status, ErrorBody body) {
        return switch (errorClass) {
            // a billing state: waiting does not help, another provider may serve
            case RATE_LIMITED -> status == 429 || "rate_limit_error".equals(body.type());
            case TIMEOUT, PROVIDER_UNAVAILABLE -> true;
            // api_error (500) is Anthropic's unexpected internal error, 409 a conflict: worth another call; 501, 505…
            // are not
            case PROVIDER_ERROR -> ProviderError.transientStatus(status) || "api_error".equals(body.type());
            default -> false;
        };
    }

    private static boolean isContentPolicy(ErrorBody body) {
        return containsAny(body.message(), "content filtering policy", "output blocked by content filtering");
    }

    /** "prompt is too long: 215000 tokens > 200000 maximum", "input length and `max_tokens` exceed context limit". */
    private static boolean isContextLength(ErrorBody body) {
        return containsAny(
                body.message(),
                "prompt is too long",
                "exceed context limit",
                "context window",
                "context length",
                "too many tokens");
    }

    private static boolean containsAny(String text, String... needles) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String needle : needles) {
            if (lower.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** One line; authentication and permission bodies are not echoed, in case a proxy quotes the presented key. */
    private static String describe(int status, ErrorClass errorClass, ErrorBody body) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (body.type() != null) {
            text.append(' ').append(body.type());
        }
        if (body.message() != null && errorClass != ErrorClass.AUTHENTICATION && errorClass != ErrorClass.PERMISSION) {
            text.append(": ").append(WireJson.oneLine(body.message()));
        }
        return text.toString();
    }

    static ErrorBody errorBody(byte[] bytes) {
        return WireJson.errorObject(bytes)
                .map(root -> {
                    JsonNode error = root.get(ERROR);
                    return error != null && error.isObject()
                            ? new ErrorBody(WireJson.text(error.get(TYPE)), WireJson.text(error.get(MESSAGE)))
                            : new ErrorBody(null, WireJson.text(root.get(MESSAGE)));
                })
                .orElse(ErrorBody.EMPTY);
    }

    static Optional<Duration> retryAfter(HttpAnswer answer) {
        Optional<Duration> header = RetryAfter.of(answer);
        if (header.isPresent()) {
            return header;
        }
        Instant latest = null;
        for (String limit : RATE_LIMITS) {
            boolean exhausted = answer.header(RATE_LIMIT_PREFIX + limit + "-remaining")
                    .map(String::trim)
                    .filter("0"::equals)
                    .isPresent();
            Optional<Instant> reset =
                    answer.header(RATE_LIMIT_PREFIX + limit + "-reset").flatMap(RetryAfter::rfc3339);
            if (exhausted && reset.isPresent() && (latest == null || reset.get().isAfter(latest))) {
                latest = reset.get();
            }
        }
        return latest == null ? Optional.empty() : RetryAfter.until(answer, latest);
    }
}
