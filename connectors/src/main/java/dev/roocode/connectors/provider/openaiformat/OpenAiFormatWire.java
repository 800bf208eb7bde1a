package dev.roocode.connectors.provider.openaiformat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Names and paths of the OpenAI wire format, declared once, and the JSON mapper the OpenAI-format
 * types share. Field names follow the OpenAI API spec ({@code openai-openapi.yaml}).
 */
public final class OpenAiFormatWire {
    public static final String CHAT_PATH = "/v1/chat/completions";
    public static final String EMBEDDINGS_PATH = "/v1/embeddings";

    public static final String AUTHORIZATION = "Authorization";
    public static final String ORGANIZATION = "OpenAI-Organization";
    public static final String PROJECT = "OpenAI-Project";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String ACCEPT = "Accept";
    public static final String JSON = "application/json";
    public static final String X_REQUEST_ID = "x-request-id";
    public static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
    public static final String RESET_TOKENS = "x-ratelimit-reset-tokens";
    public static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    public static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";

    // request fields
    public static final String MODEL = "model";
    public static final String MESSAGES = "messages";
    public static final String ROLE = "role";
    public static final String CONTENT = "content";
    public static final String NAME = "name";
    public static final String TOOL_CALL_ID = "tool_call_id";
    public static final String TOOL_CALLS = "tool_calls";
    public static final String TYPE = "type";
    public static final String TEXT = "text";
    public static final String IMAGE_URL = "image_url";
    public static final String URL = "url";
    public static final String DETAIL = "detail";
    public static final String TEMPERATURE = "temperature";
    public static final String TOP_P = "top_p";
    public static final String MAX_TOKENS = "max_tokens";
    public static final String STOP = "stop";
    public static final String SEED = "seed";
    public static final String RESPONSE_FORMAT = "response_format";
    public static final String TOOLS = "tools";
    public static final String TOOL_CHOICE = "tool_choice";
    public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
    public static final String FUNCTION = "function";
    public static final String PARAMETERS = "parameters";
    public static final String ARGUMENTS = "arguments";
    public static final String JSON_SCHEMA = "json_schema";
    public static final String SCHEMA = "schema";
    public static final String INPUT = "input";
    public static final String DIMENSIONS = "dimensions";

    // response fields
    public static final String ID = "id";
    public static final String CREATED = "created";
    public static final String CHOICES = "choices";
    public static final String INDEX = "index";
    public static final String MESSAGE = "message";
    public static final String FINISH_REASON = "finish_reason";
    public static final String USAGE = "usage";
    public static final String PROMPT_TOKENS = "prompt_tokens";
    public static final String COMPLETION_TOKENS = "completion_tokens";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String DATA = "data";
    public static final String EMBEDDING = "embedding";

    // error body: {"error": {"message", "type", "code", "param"}} or TGI's {"error": "...", "error_type": "..."}
    public static final String ERROR = "error";
    public static final String ERROR_TYPE = "error_type";
    public static final String CODE = "code";

    /** Lenient reader: providers add fields freely (TGI sends {@code tool_calls: null}, {@code usage: null}). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OpenAiFormatWire() {}
}
