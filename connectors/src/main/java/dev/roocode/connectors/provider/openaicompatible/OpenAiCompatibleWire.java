package dev.roocode.connectors.provider.openaicompatible;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Names and paths of the OpenAI-compatible wire format, declared once, and the JSON mapper the
 * package shares. Field names follow the OpenAI API spec ({@code openai-openapi.yaml}).
 */
final class OpenAiCompatibleWire {
    static final String CHAT_PATH = "/v1/chat/completions";
    static final String EMBEDDINGS_PATH = "/v1/embeddings";

    static final String AUTHORIZATION = "Authorization";
    static final String ORGANIZATION = "OpenAI-Organization";
    static final String PROJECT = "OpenAI-Project";
    static final String CONTENT_TYPE = "Content-Type";
    static final String ACCEPT = "Accept";
    static final String JSON = "application/json";
    static final String RETRY_AFTER = "retry-after";
    static final String RETRY_AFTER_MS = "retry-after-ms";
    static final String X_REQUEST_ID = "x-request-id";
    static final String DATE = "date";
    static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
    static final String RESET_TOKENS = "x-ratelimit-reset-tokens";
    static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";

    // request fields
    static final String MODEL = "model";
    static final String MESSAGES = "messages";
    static final String ROLE = "role";
    static final String CONTENT = "content";
    static final String NAME = "name";
    static final String TOOL_CALL_ID = "tool_call_id";
    static final String TOOL_CALLS = "tool_calls";
    static final String TYPE = "type";
    static final String TEXT = "text";
    static final String IMAGE_URL = "image_url";
    static final String URL = "url";
    static final String DETAIL = "detail";
    static final String TEMPERATURE = "temperature";
    static final String TOP_P = "top_p";
    static final String MAX_TOKENS = "max_tokens";
    static final String STOP = "stop";
    static final String SEED = "seed";
    static final String RESPONSE_FORMAT = "response_format";
    static final String TOOLS = "tools";
    static final String TOOL_CHOICE = "tool_choice";
    static final String INPUT = "input";
    static final String DIMENSIONS = "dimensions";

    // response fields
    static final String ID = "id";
    static final String CREATED = "created";
    static final String CHOICES = "choices";
    static final String INDEX = "index";
    static final String MESSAGE = "message";
    static final String FINISH_REASON = "finish_reason";
    static final String USAGE = "usage";
    static final String PROMPT_TOKENS = "prompt_tokens";
    static final String COMPLETION_TOKENS = "completion_tokens";
    static final String TOTAL_TOKENS = "total_tokens";
    static final String DATA = "data";
    static final String EMBEDDING = "embedding";

    // error body: {"error": {"message", "type", "code", "param"}} or TGI's {"error": "...", "error_type": "..."}
    static final String ERROR = "error";
    static final String ERROR_TYPE = "error_type";
    static final String CODE = "code";

    /** Lenient reader: providers add fields freely (TGI sends {@code tool_calls: null}, {@code usage: null}). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OpenAiCompatibleWire() {}

    /** The error object of an OpenAI-style error body; every field may be null. */
    record ErrorBody(String message, String type, String code) {
        static final ErrorBody EMPTY = new ErrorBody(null, null, null);
    }
}
