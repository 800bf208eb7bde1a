package dev.roocode.connectors.provider.cohere;

import java.util.Map;
import java.util.Set;

/**
 * Names of Cohere's v2 wire format, declared once. Field names follow Cohere's published API
 * reference (cohere-ai/cohere-developer-experience, {@code cohere-openapi.yaml}; docs.cohere.com
 * /reference/chat and /reference/embed), which is not copied into this repository.
 */
final class CohereWire {
    static final String CHAT_PATH = "/v2/chat";
    static final String EMBED_PATH = "/v2/embed";
    static final String VERSION_PREFIX = "/v2";

    static final String AUTHORIZATION = "Authorization";
    static final String REQUEST_ID = "x-request-id";

    /** Texts per {@code /v2/embed} call, per Cohere's API reference. */
    static final int MAX_TEXTS = 96;

    static final String DEFAULT_INPUT_TYPE = "search_document";
    static final Set<String> INPUT_TYPES =
            Set.of("search_document", "search_query", "classification", "clustering", "image");
    /** Gemini task types that mean the same as a Cohere input type. */
    static final Map<String, String> GEMINI_TASK_TYPES = Map.of(
            "RETRIEVAL_DOCUMENT",
            "search_document",
            "RETRIEVAL_QUERY",
            "search_query",
            "CLASSIFICATION",
            "classification",
            "CLUSTERING",
            "clustering");

    static final Set<String> IMAGE_DETAILS = Set.of("auto", "low", "high");

    // chat request
    static final String MODEL = "model";
    static final String STREAM = "stream";
    static final String MESSAGES = "messages";
    static final String ROLE = "role";
    static final String CONTENT = "content";
    static final String TYPE = "type";
    static final String TEXT = "text";
    static final String IMAGE_URL = "image_url";
    static final String URL = "url";
    static final String DETAIL = "detail";
    static final String TOOL_CALLS = "tool_calls";
    static final String TOOL_PLAN = "tool_plan";
    static final String TOOL_CALL_ID = "tool_call_id";
    static final String TEMPERATURE = "temperature";
    static final String P = "p";
    static final String MAX_TOKENS = "max_tokens";
    static final String STOP_SEQUENCES = "stop_sequences";
    static final String SEED = "seed";
    static final String RESPONSE_FORMAT = "response_format";
    static final String JSON_OBJECT = "json_object";
    static final String JSON_SCHEMA = "json_schema";
    static final String TOOLS = "tools";
    static final String FUNCTION = "function";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String PARAMETERS = "parameters";
    static final String STRICT_TOOLS = "strict_tools";
    static final String TOOL_CHOICE = "tool_choice";

    // embed request
    static final String TEXTS = "texts";
    static final String INPUT_TYPE = "input_type";
    static final String EMBEDDING_TYPES = "embedding_types";
    static final String FLOAT = "float";
    static final String OUTPUT_DIMENSION = "output_dimension";

    // responses
    static final String ID = "id";
    static final String FINISH_REASON = "finish_reason";
    static final String MESSAGE = "message";
    static final String USAGE = "usage";
    static final String META = "meta";
    static final String BILLED_UNITS = "billed_units";
    static final String TOKENS = "tokens";
    static final String INPUT_TOKENS = "input_tokens";
    static final String OUTPUT_TOKENS = "output_tokens";
    static final String EMBEDDINGS = "embeddings";

    private CohereWire() {}
}
