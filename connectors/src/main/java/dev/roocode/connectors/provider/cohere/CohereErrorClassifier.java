package dev.roocode.connectors.provider.cohere;

import static dev.roocode.connectors.provider.cohere.CohereWire.MESSAGE;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RetryAfter;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ErrorClass;
import java.util.Locale;

/**
 * Non-2xx Cohere answer → error class. Cohere's error body is {@code {"id", "message"}} with no
 * error code, so the class comes from the HTTP status, refined by the message for context length
 * ("too many tokens"). 498 (a deny-listed token in the request or answer) is CONTENT_POLICY; 499
 * (request cancelled) is TIMEOUT, since Roocode cancels only calls that ran out of time. Cohere
 * documents no rate-limit headers: the wait is {@code Retry-After} when sent.
 */
final class CohereErrorClassifier {

    ProviderError classify(HttpAnswer answer) {
        int status = answer.status();
        String message = WireJson.errorObject(answer.body())
                .map(root -> WireJson.text(root.get(MESSAGE)))
                .orElse(null);
        ErrorClass errorClass = errorClass(status, message);
        boolean retryable = switch (errorClass) {
            // 402 (payment required) is a billing state: waiting does not help, another provider may serve
            case RATE_LIMITED -> status == 429;
            case TIMEOUT, PROVIDER_UNAVAILABLE -> true;
            // 500 and 409 (a conflict) may pass on another call; 501, 505… do not
            case PROVIDER_ERROR -> ProviderError.transientStatus(status);
            default -> false;
        };
        return new ProviderError(
                errorClass,
                status,
                retryable,
                RetryAfter.of(answer).orElse(null),
                describe(status, errorClass, message));
    }

    private static ErrorClass errorClass(int status, String message) {
        return switch (status) {
            case 401 -> ErrorClass.AUTHENTICATION;
            case 403 -> ErrorClass.PERMISSION;
            case 498 -> ErrorClass.CONTENT_POLICY;
            case 400, 422 ->
                isContextLength(message)
                        ? ErrorClass.CONTEXT_LENGTH
                        : isContentPolicy(message) ? ErrorClass.CONTENT_POLICY : ErrorClass.BAD_REQUEST;
            case 413 -> ErrorClass.CONTEXT_LENGTH;
            case 404 -> ErrorClass.NOT_FOUND;
            case 429, 402 -> ErrorClass.RATE_LIMITED;
            case 408, 499, 504 -> ErrorClass.TIMEOUT;
            case 502, 503, 529 -> ErrorClass.PROVIDER_UNAVAILABLE;
            case 409 -> ErrorClass.PROVIDER_ERROR;
            default -> status >= 500 ? ErrorClass.PROVIDER_ERROR : ErrorClass.BAD_REQUEST;
        };
    }

    /** "too many tokens: size limit exceeded by 11655 tokens. Try using shorter or fewer inputs, ..." */
    private static boolean isContextLength(String message) {
        return containsAny(message, "too many tokens", "context length", "context window", "maximum number of tokens");
    }

    private static boolean isContentPolicy(String message) {
        return containsAny(message, "blocked output", "blocked input", "usage guidelines");
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

    /** One line; authentication and permission messages are not echoed. */
    private static String describe(int status, ErrorClass errorClass, String message) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        if (message != null && errorClass != ErrorClass.AUTHENTICATION && errorClass != ErrorClass.PERMISSION) {
            text.append(": ").append(WireJson.oneLine(message));
        }
        return text.toString();
    }
}
