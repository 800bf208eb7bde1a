package dev.roocode.schemas.batch;

/**
 * Error codes of {@link DecodedLine.Invalid} lines, in the spirit of OpenAI's error codes. They end
 * up as {@code error.code} of the line's entry in the output file.
 */
public final class BatchErrorCodes {
    /** The line is not a JSON object, or its bytes are not UTF-8. */
    public static final String INVALID_JSON = "invalid_json";
    /** custom_id is missing or empty. */
    public static final String MISSING_CUSTOM_ID = "missing_custom_id";
    /**
     * custom_id is not a string, or cannot be part of a requestId (a control character such as a tab, or too
     * long; see {@link dev.roocode.schemas.RequestIds}).
     */
    public static final String INVALID_CUSTOM_ID = "invalid_custom_id";
    /** The line is longer than the reader's limit (a Kafka record holds about 1 MB by default). */
    public static final String LINE_TOO_LONG = "line_too_long";
    /** An earlier line already used this custom_id. */
    public static final String DUPLICATE_CUSTOM_ID = "duplicate_custom_id";
    /** method is not POST. */
    public static final String UNSUPPORTED_METHOD = "unsupported_method";
    /** url is none of /v1/chat/completions, /v1/embeddings, /v1/responses, /chat/completions, /embeddings, /responses. */
    public static final String UNSUPPORTED_URL = "unsupported_url";
    /** body is missing, null, empty or not an object. */
    public static final String MISSING_BODY = "missing_body";
    /** body.model is missing or empty. */
    public static final String MISSING_MODEL = "missing_model";
    /** A chat body without messages. */
    public static final String MISSING_MESSAGES = "missing_messages";
    /** A message role outside system, developer, user, assistant, tool, function. */
    public static final String INVALID_ROLE = "invalid_role";
    /** An embedding body with no text to embed. */
    public static final String EMPTY_INPUT = "empty_input";
    /** A field has the wrong type or an impossible value. */
    public static final String INVALID_VALUE = "invalid_value";
    /** A parameter Roocode cannot carry to a provider (token-id input, base64 vectors, streaming). */
    public static final String UNSUPPORTED_PARAMETER = "unsupported_parameter";

    private BatchErrorCodes() {}
}
