package dev.roocode.schemas.batch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parsed line of an OpenAI batch output (or error) file.
 *
 * @param id the line id ({@code batch_req_...})
 * @param customId the custom_id of the input line
 * @param response the HTTP answer, or null when the request failed without one
 * @param error the non-HTTP failure, or null
 */
public record BatchOutputLine(String id, String customId, Response response, Error error) {

    /** Whether the line carries a 2xx answer and no error. */
    public boolean succeeded() {
        return error == null && response != null && response.statusCode() >= 200 && response.statusCode() < 300;
    }

    /**
     * The HTTP answer of a request.
     *
     * @param statusCode HTTP status
     * @param requestId the request id the answer was given under
     * @param body the response body: a chat.completion, an embeddings list or an {@code error} object
     */
    public record Response(int statusCode, String requestId, JsonNode body) {}

    /**
     * A failure without an HTTP answer.
     *
     * @param code machine-readable code; an integer code in the file is read as its decimal text
     * @param message human-readable reason
     */
    public record Error(String code, String message) {}
}
