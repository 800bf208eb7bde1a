package dev.roocode.schemas.batch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parsed line of an OpenAI batch output (or error) file.
 *
 * @param id the line id ({@code batch_req_...})
 * @param customId the custom_id of the input line
 * @param response the HTTP answer, or null when the request failed without one
 * @param error the non-HTTP failure, or null
 * @param served Roocode's {@code roocode} extension object (who answered), or null in a file Roocode did not write
 */
public record BatchOutputLine(String id, String customId, Response response, Error error, Served served) {

    /** A line without Roocode's extension, as OpenAI writes them. */
    public BatchOutputLine(String id, String customId, Response response, Error error) {
        this(id, customId, response, error, null);
    }

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

    /**
     * Roocode's extension of the line, the top-level {@code roocode} object: who answered. OpenAI's
     * readers ignore the key; it is on every line Roocode writes, success or error.
     *
     * @param servedBy the provider that produced the output, or of the last attempt when the job failed; null when no provider was tried
     * @param model    the model id at that provider, or null
     * @param attempts provider attempts the job took (0 for a line that never reached a provider)
     * @param fellBack whether more than one provider was tried
     */
    public record Served(String servedBy, String model, int attempts, boolean fellBack) {
        /** What a line that never reached a provider carries. */
        public static final Served NONE = new Served(null, null, 0, false);
    }
}
