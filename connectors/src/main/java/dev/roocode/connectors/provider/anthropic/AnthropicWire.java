package dev.roocode.connectors.provider.anthropic;

import java.util.Set;

/**
 * Names of Anthropic's Messages API wire format, declared once; field names follow Anthropic's
 * published OpenAPI spec ({@code CreateMessageParams}, {@code Message}, {@code ErrorResponse}).
 */
final class AnthropicWire {
    static final String MESSAGES_PATH = "/v1/messages";
    static final String VERSION_PREFIX = "/v1";

    static final String API_KEY = "x-api-key";
    static final String VERSION = "anthropic-version";
    /** The version Roocode is written against; {@code ProviderConfig.apiVersion} overrides it. */
    static final String DEFAULT_VERSION = "2023-06-01";
    /** {@code max_tokens} is required by Anthropic; used when neither the job nor the model offer sets it. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    static final String REQUEST_ID = "request-id";

    /** Rate-limit reset headers (RFC 3339), each paired with its {@code -remaining} header. */
    static final String RATE_LIMIT_PREFIX = "anthropic-ratelimit-";

    static final Set<String> RATE_LIMITS = Set.of("requests", "tokens", "input-tokens", "output-tokens");

    /** Media types Anthropic accepts in a base64 image source. */
    static final Set<String> IMAGE_MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    // request
    static final String MODEL = "model";
    static final String MAX_TOKENS = "max_tokens";
    static final String SYSTEM = "system";
    static final String MESSAGES = "messages";
    static final String ROLE = "role";
    static final String CONTENT = "content";
    static final String TYPE = "type";
    static final String TEXT = "text";
    static final String IMAGE = "image";
    static final String SOURCE = "source";
    static final String BASE64 = "base64";
    static final String MEDIA_TYPE = "media_type";
    static final String DATA = "data";
    static final String URL = "url";
    static final String TOOL_USE = "tool_use";
    static final String TOOL_RESULT = "tool_result";
    static final String TOOL_USE_ID = "tool_use_id";
    static final String ID = "id";
    static final String NAME = "name";
    static final String INPUT = "input";
    static final String TEMPERATURE = "temperature";
    static final String TOP_P = "top_p";
    static final String STOP_SEQUENCES = "stop_sequences";
    static final String TOOLS = "tools";
    static final String DESCRIPTION = "description";
    static final String INPUT_SCHEMA = "input_schema";
    static final String STRICT = "strict";
    static final String TOOL_CHOICE = "tool_choice";
    static final String USER = "user";
    static final String ASSISTANT = "assistant";

    // response
    static final String STOP_REASON = "stop_reason";
    static final String USAGE = "usage";
    static final String INPUT_TOKENS = "input_tokens";
    static final String OUTPUT_TOKENS = "output_tokens";
    static final String CACHE_CREATION_INPUT_TOKENS = "cache_creation_input_tokens";
    static final String CACHE_READ_INPUT_TOKENS = "cache_read_input_tokens";

    // error body: {"type":"error","error":{"type","message"},"request_id"}
    static final String ERROR = "error";
    static final String MESSAGE = "message";

    private AnthropicWire() {}

    /** The {@code error} object of an error body; both fields may be null. */
    record ErrorBody(String type, String message) {
        static final ErrorBody EMPTY = new ErrorBody(null, null);
    }
}
