package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.provider.gemini.GeminiWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RetryAfter;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.util.Locale;

/**
 * Non-2xx Gemini answer → error class, from the HTTP status and Google's canonical
 * {@code error.status}. An invalid API key comes as 400 INVALID_ARGUMENT (reason
 * {@code API_KEY_INVALID}) and is AUTHENTICATION; a token count over the limit is CONTEXT_LENGTH;
 * FAILED_PRECONDITION (unsupported region, billing required) is PERMISSION. The wait is
 * {@code Retry-After}, else the body's {@code google.rpc.RetryInfo.retryDelay}.
 */
final class GeminiErrorClassifier {

    ProviderError classify(HttpAnswer answer) {
        int status = answer.status();
        ErrorBody body = errorBody(answer.body());
        Duration retryAfter = RetryAfter.of(answer)
                .or(() -> RetryAfter.googleDuration(body.retryDelay()))
                .orElse(null);
        ErrorClass errorClass = errorClass(status, body);
        boolean retryable = switch (errorClass) {
            case RATE_LIMITED, TIMEOUT, PROVIDER_UNAVAILABLE -> true;
            // 500 INTERNAL and 409 ABORTED (a concurrency conflict) may pass on another call; 501, 505… do not
            case PROVIDER_ERROR -> ProviderError.transientStatus(status);
            default -> false;
        };
        return new ProviderError(errorClass, status, retryable, retryAfter, describe(status, errorClass, body));
    }

    private static ErrorClass errorClass(int status, ErrorBody body) {
        String canonical = body.status() == null ? "" : body.status();
        if (status == 401
                || canonical.equals("UNAUTHENTICATED")
                || "API_KEY_INVALID".equals(body.reason())
                || containsAny(body.message(), "api key not valid", "api key expired")) {
            return ErrorClass.AUTHENTICATION;
        }
        if (status == 403 || canonical.equals("PERMISSION_DENIED") || canonical.equals("FAILED_PRECONDITION")) {
            return ErrorClass.PERMISSION;
        }
        if (status == 413) {
            return ErrorClass.CONTEXT_LENGTH;
        }
        if (status == 400 || status == 422 || canonical.equals("INVALID_ARGUMENT")) {
            // "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."
            return containsAny(
                            body.message(),
                            "exceeds the maximum number of tokens",
                            "input token count",
                            "context window")
                    ? ErrorClass.CONTEXT_LENGTH
                    : ErrorClass.BAD_REQUEST;
        }
        if (status == 404 || canonical.equals("NOT_FOUND")) {
            return ErrorClass.NOT_FOUND;
        }
        if (status == 429 || canonical.equals("RESOURCE_EXHAUSTED")) {
            return ErrorClass.RATE_LIMITED;
        }
        if (status == 408 || status == 504 || canonical.equals("DEADLINE_EXCEEDED")) {
            return ErrorClass.TIMEOUT;
        }
        if (status == 502 || status == 503 || status == 529 || canonical.equals("UNAVAILABLE")) {
            return ErrorClass.PROVIDER_UNAVAILABLE;
        }
        return status >= 500 || status == 409 ? ErrorClass.PROVIDER_ERROR : ErrorClass.BAD_REQUEST;
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

    /** One line; authentication and permission bodies are not echoed. */
    private static String describe(int status, ErrorClass errorClass, ErrorBody body) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (body.status() != null) {
            text.append(' ').append(body.status());
        }
        if (body.reason() != null) {
            text.append(" (").append(body.reason()).append(')');
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
                    if (error == null || !error.isObject()) {
                        // a top-level array [{"error": ...}] is not an object and never gets here; plain {"message"}
                        // does
                        return new ErrorBody(null, WireJson.text(root.get(MESSAGE)), null, null);
                    }
                    String reason = null;
                    String retryDelay = null;
                    for (JsonNode detail : error.path(DETAILS)) {
                        reason = reason != null ? reason : WireJson.text(detail.get(REASON));
                        if (RETRY_INFO.equals(WireJson.text(detail.get(AT_TYPE)))) {
                            retryDelay = WireJson.text(detail.get(RETRY_DELAY));
                        }
                    }
                    return new ErrorBody(
                            WireJson.text(error.get(STATUS)), WireJson.text(error.get(MESSAGE)), reason, retryDelay);
                })
                .orElse(ErrorBody.EMPTY);
    }
}
