package dev.roocode.connectors.provider.huggingface;

/**
 * Paths and names of Hugging Face servers: TGI's OpenAI-compatible chat route ({@code tgi-openapi.json})
 * and feature extraction (Inference Endpoints / text-embeddings-inference) for embeddings.
 */
final class HuggingFaceWire {
    static final String CHAT_PATH = "/v1/chat/completions";
    /** {@code settings.embeddings.path}: appended to the endpoint for embeddings, e.g. {@code /embed} for TEI; default none. */
    static final String EMBEDDINGS_PATH_SETTING = "embeddings.path";

    static final String INPUTS = "inputs";

    // TGI's GrammarType for response_format: {"type": "json", "value": <schema>} | {"type": "json_schema", "value":
    // {"name", "schema"}}
    static final String GRAMMAR_JSON = "json";
    static final String VALUE = "value";
    static final String JSON_OBJECT = "json_object";

    /** Token count text-embeddings-inference reports for feature extraction (there is no usage body). */
    static final String COMPUTE_TOKENS = "x-compute-tokens";
    /** Inference Endpoints' 503 "model is loading" body: seconds until it should be ready. */
    static final String ESTIMATED_TIME = "estimated_time";
    /** IETF RateLimit header the Hugging Face Hub sends: {@code "api";r=0;t=58} (t = seconds to reset). */
    static final String RATE_LIMIT = "ratelimit";

    static final String ERROR_TYPE = "error_type";

    private HuggingFaceWire() {}
}
