package dev.roocode.api.chat;

import dev.roocode.api.http.ApiException;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Result;

/**
 * The OpenAI status and error shape of a FAILED Result, by its error class, so that an SDK raises what it
 * would raise for the same failure at OpenAI: the caller's own mistakes are 400 (404 for a model nothing
 * serves), limits are 429, and whatever went wrong between Roocode and the providers is 5xx. A provider
 * refusing Roocode's credentials is 502, never 401: the caller's key was fine.
 */
final class ResultErrors {
    private ResultErrors() {}

    static ApiException of(Result result) {
        ErrorInfo error = result.getError();
        ErrorClass errorClass = error == null ? null : error.getErrorClass();
        String message = error == null
                        || error.getMessage() == null
                        || error.getMessage().isBlank()
                ? "The request " + result.getRequestId() + " failed with status " + result.getStatus() + "."
                : oneLine(error.getMessage());
        if (errorClass == null) {
            return ApiException.internal(message);
        }
        return switch (errorClass) {
            case BAD_REQUEST, INVALID_JOB -> ApiException.invalidRequest(null, null, message);
            case CONTEXT_LENGTH -> ApiException.invalidRequest("messages", "context_length_exceeded", message);
            case CONTENT_POLICY -> ApiException.invalidRequest(null, "content_policy_violation", message);
            case NOT_FOUND, NO_ROUTE ->
                new ApiException(404, "invalid_request_error", "model", "model_not_found", message);
            case RATE_LIMITED -> ApiException.rateLimited(message, 1);
            case BUDGET_EXCEEDED -> new ApiException(429, "insufficient_quota", null, "insufficient_quota", message);
            case TIMEOUT, DEADLINE_EXCEEDED -> ApiException.timeout(message);
            case NETWORK, PROVIDER_UNAVAILABLE -> ApiException.unavailable(message);
            case AUTHENTICATION, PERMISSION, PROVIDER_ERROR, INVALID_RESPONSE ->
                new ApiException(502, "server_error", null, "bad_gateway", message);
            default -> ApiException.internal(message);
        };
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").strip();
    }
}
