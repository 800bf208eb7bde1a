package dev.roocode.connectors.provider.huggingface;

import static dev.roocode.connectors.provider.huggingface.HuggingFaceWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRequest;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatWire;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;

/**
 * Job → Hugging Face request. Chat is the OpenAI-format body adjusted to TGI's spec: its
 * {@code response_format} is a grammar ({@code {"type": "json_schema", "value": {...}}}), its tool
 * functions carry the schema as {@code arguments}, and its {@code seed} is unsigned. Embeddings are
 * feature extraction, {@code {"inputs": [...]}}, which has no {@code dimensions} or input type.
 */
final class HuggingFaceRequestMapper {

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        String endpoint = config.getEndpoint();
        ObjectNode body;
        URI uri;
        switch (job.getKind()) {
            case CHAT -> {
                body = chatBody(job, dispatched.getAssignment().getProviderModel());
                uri = OpenAiFormatRequest.uri(endpoint, CHAT_PATH);
            }
            case EMBEDDING -> {
                body = embeddingBody(job);
                uri = Endpoints.join(endpoint, null, config.getSettings().getOrDefault(EMBEDDINGS_PATH_SETTING, ""));
            }
            default ->
                throw ProviderException.permanent(ErrorClass.INVALID_JOB, "unsupported job kind " + job.getKind());
        }
        HuggingFaceAdapter.PARAMS.apply(job, body);
        OpenAiFormatRequest.mergeExtraBody(job, body);
        return OpenAiFormatRequest.post(job, uri, OpenAiFormatRequest.bearer(apiKey), body);
    }

    private static ObjectNode chatBody(Job job, String model) {
        ObjectNode body = OpenAiFormatRequest.chatBody(job, model);
        if (job.getChat().getSeed() != null && job.getChat().getSeed() < 0) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST,
                    "seed must be >= 0 for TGI, got " + job.getChat().getSeed());
        }
        JsonNode format = body.remove(OpenAiFormatWire.RESPONSE_FORMAT);
        if (format != null) {
            JsonNode grammar = grammar(format);
            if (grammar != null) {
                body.set(OpenAiFormatWire.RESPONSE_FORMAT, grammar);
            }
        }
        JsonNode tools = body.get(OpenAiFormatWire.TOOLS);
        if (tools != null && tools.isArray()) {
            tools.forEach(tool -> {
                JsonNode function = tool.get(OpenAiFormatWire.FUNCTION);
                if (function instanceof ObjectNode fn && fn.has(OpenAiFormatWire.PARAMETERS)) {
                    // TGI's FunctionDefinition names the parameter schema "arguments"
                    OpenAiFormatRequest.rename(fn, OpenAiFormatWire.PARAMETERS, OpenAiFormatWire.ARGUMENTS);
                }
            });
        }
        return body;
    }

    /** OpenAI response_format → TGI grammar; null for {@code text} (TGI's default). */
    private static JsonNode grammar(JsonNode format) {
        String type = format.path(OpenAiFormatWire.TYPE).asText("");
        ObjectNode grammar = OpenAiFormatWire.MAPPER.createObjectNode();
        switch (type) {
            case "text" -> {
                return null;
            }
            case JSON_OBJECT -> {
                grammar.put(OpenAiFormatWire.TYPE, GRAMMAR_JSON);
                grammar.putObject(VALUE).put(OpenAiFormatWire.TYPE, "object");
            }
            case OpenAiFormatWire.JSON_SCHEMA -> {
                JsonNode spec = format.path(OpenAiFormatWire.JSON_SCHEMA);
                if (!spec.path(OpenAiFormatWire.SCHEMA).isObject()) {
                    throw ProviderException.permanent(
                            ErrorClass.BAD_REQUEST, "responseFormatJson json_schema needs a schema object for TGI");
                }
                grammar.put(OpenAiFormatWire.TYPE, OpenAiFormatWire.JSON_SCHEMA);
                ObjectNode value = grammar.putObject(VALUE);
                if (spec.hasNonNull(OpenAiFormatWire.NAME)) {
                    value.set(OpenAiFormatWire.NAME, spec.get(OpenAiFormatWire.NAME));
                }
                value.set(OpenAiFormatWire.SCHEMA, spec.get(OpenAiFormatWire.SCHEMA));
            }
            default ->
                throw ProviderException.permanent(
                        ErrorClass.BAD_REQUEST,
                        "responseFormatJson type '" + type + "' has no TGI grammar (text, json_object, json_schema)");
        }
        return grammar;
    }

    private static ObjectNode embeddingBody(Job job) {
        EmbeddingRequest embedding = OpenAiFormatRequest.embedding(job);
        if (embedding.getDimensions() != null) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "dimensions is not supported by Hugging Face feature extraction");
        }
        if (embedding.getInputType() != null) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "inputType is not supported by Hugging Face feature extraction");
        }
        ObjectNode body = OpenAiFormatWire.MAPPER.createObjectNode();
        ArrayNode inputs = body.putArray(INPUTS);
        embedding.getInput().forEach(inputs::add);
        return body;
    }
}
