package dev.roocode.sandbox.simulator;

/**
 * The errors the simulator produces, each with its usual HTTP status; a {@link WireFormat} renders the body and
 * may answer another status where its provider does (Anthropic's 529, Gemini's 400 for a wrong key).
 */
enum ErrorKind {
    INVALID_JSON(400),
    MISSING_PARAMETER(400),
    INVALID_VALUE(400),
    MISSING_API_KEY(401),
    INVALID_API_KEY(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    RATE_LIMIT_REQUESTS(429),
    RATE_LIMIT_TOKENS(429),
    SERVER_ERROR(500),
    OVERLOADED(503);

    final int status;

    ErrorKind(int status) {
        this.status = status;
    }
}
