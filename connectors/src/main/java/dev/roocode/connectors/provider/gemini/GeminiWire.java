package dev.roocode.connectors.provider.gemini;

import java.util.Map;
import java.util.Set;

/**
 * Names of the Gemini API wire format, declared once; field names follow Google's generativelanguage
 * v1beta discovery document ({@code GenerateContentRequest}, {@code GenerateContentResponse},
 * {@code BatchEmbedContentsRequest}, {@code Status}).
 */
final class GeminiWire {
    /** Default API version path segment; {@code ProviderConfig.apiVersion} overrides it (e.g. {@code v1}). */
    static final String DEFAULT_VERSION = "v1beta";

    static final String GENERATE = ":generateContent";
    static final String BATCH_EMBED = ":batchEmbedContents";
    static final String MODELS = "models/";

    static final String API_KEY = "x-goog-api-key";
    static final String REQUEST_ID = "x-request-id";

    // request
    static final String CONTENTS = "contents";
    static final String SYSTEM_INSTRUCTION = "systemInstruction";
    static final String ROLE = "role";
    static final String USER = "user";
    static final String MODEL_ROLE = "model";
    static final String PARTS = "parts";
    static final String TEXT = "text";
    static final String INLINE_DATA = "inlineData";
    static final String FILE_DATA = "fileData";
    static final String MIME_TYPE = "mimeType";
    static final String DATA = "data";
    static final String FILE_URI = "fileUri";
    static final String FUNCTION_CALL = "functionCall";
    static final String FUNCTION_RESPONSE = "functionResponse";
    static final String NAME = "name";
    static final String ARGS = "args";
    static final String ID = "id";
    static final String RESPONSE = "response";
    static final String RESULT = "result";
    static final String GENERATION_CONFIG = "generationConfig";
    static final String TEMPERATURE = "temperature";
    static final String TOP_P = "topP";
    static final String MAX_OUTPUT_TOKENS = "maxOutputTokens";
    static final String STOP_SEQUENCES = "stopSequences";
    static final String SEED = "seed";
    static final String RESPONSE_MIME_TYPE = "responseMimeType";
    static final String RESPONSE_JSON_SCHEMA = "responseJsonSchema";
    static final String APPLICATION_JSON = "application/json";
    static final String TOOLS = "tools";
    static final String FUNCTION_DECLARATIONS = "functionDeclarations";
    static final String DESCRIPTION = "description";
    static final String PARAMETERS_JSON_SCHEMA = "parametersJsonSchema";
    static final String TOOL_CONFIG = "toolConfig";
    static final String FUNCTION_CALLING_CONFIG = "functionCallingConfig";
    static final String MODE = "mode";
    static final String ALLOWED_FUNCTION_NAMES = "allowedFunctionNames";
    static final String REQUESTS = "requests";
    static final String MODEL = "model";
    static final String CONTENT = "content";
    static final String TASK_TYPE = "taskType";
    static final String OUTPUT_DIMENSIONALITY = "outputDimensionality";

    /** Gemini's embedding task types, and the Cohere input_type spellings that mean the same. */
    static final Set<String> TASK_TYPES = Set.of(
            "RETRIEVAL_QUERY",
            "RETRIEVAL_DOCUMENT",
            "SEMANTIC_SIMILARITY",
            "CLASSIFICATION",
            "CLUSTERING",
            "QUESTION_ANSWERING",
            "FACT_VERIFICATION",
            "CODE_RETRIEVAL_QUERY");

    static final Map<String, String> COHERE_INPUT_TYPES = Map.of(
            "search_document",
            "RETRIEVAL_DOCUMENT",
            "search_query",
            "RETRIEVAL_QUERY",
            "classification",
            "CLASSIFICATION",
            "clustering",
            "CLUSTERING");

    /** Image types guessed from a URL's extension for {@code fileData.mimeType}. */
    static final Map<String, String> IMAGE_EXTENSIONS = Map.of(
            "png",
            "image/png",
            "jpg",
            "image/jpeg",
            "jpeg",
            "image/jpeg",
            "webp",
            "image/webp",
            "gif",
            "image/gif",
            "heic",
            "image/heic",
            "heif",
            "image/heif");

    // response
    static final String CANDIDATES = "candidates";
    static final String INDEX = "index";
    static final String FINISH_REASON = "finishReason";
    static final String THOUGHT = "thought";
    static final String PROMPT_FEEDBACK = "promptFeedback";
    static final String BLOCK_REASON = "blockReason";
    static final String USAGE_METADATA = "usageMetadata";
    static final String PROMPT_TOKEN_COUNT = "promptTokenCount";
    static final String CANDIDATES_TOKEN_COUNT = "candidatesTokenCount";
    static final String THOUGHTS_TOKEN_COUNT = "thoughtsTokenCount";
    static final String TOTAL_TOKEN_COUNT = "totalTokenCount";
    static final String RESPONSE_ID = "responseId";
    static final String EMBEDDINGS = "embeddings";
    static final String VALUES = "values";

    /** Finish reasons that mean the candidate was withheld or cut for policy reasons. */
    static final Set<String> CONTENT_FILTER_REASONS = Set.of(
            "SAFETY",
            "RECITATION",
            "PROHIBITED_CONTENT",
            "BLOCKLIST",
            "SPII",
            "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION");

    // error body: {"error": {"code", "message", "status", "details": [{"@type", "reason" | "retryDelay", ...}]}}
    static final String ERROR = "error";
    static final String MESSAGE = "message";
    static final String STATUS = "status";
    static final String DETAILS = "details";
    static final String AT_TYPE = "@type";
    static final String REASON = "reason";
    static final String RETRY_DELAY = "retryDelay";
    static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

    private GeminiWire() {}

    /** The {@code error} object of an error body; fields may be null. */
    record ErrorBody(String status, String message, String reason, String retryDelay) {
        static final ErrorBody EMPTY = new ErrorBody(null, null, null, null);
    }
}
