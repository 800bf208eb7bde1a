package dev.roocode.connectors.provider.openaiformat;

import static dev.roocode.connectors.provider.openaiformat.OpenAiFormatWire.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.schemas.RequestIds;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Job → OpenAI-format request body and call, shared by every OpenAI-format type. JSON-text fields
 * (tools, tool_choice, response_format, tool_calls) are embedded as JSON; a type adjusts the body
 * (renames, its own quirks) and then {@link #mergeExtraBody merges} the job's {@code extraBodyJson}
 * last, so callers can pass provider-specific parameters.
 */
public final class OpenAiFormatRequest {

    private OpenAiFormatRequest() {}

    /** The chat completions or embeddings body of {@code job} for {@code model}, by the job's kind. */
    public static ObjectNode body(Job job, String model) {
        return switch (job.getKind()) {
            case CHAT -> chatBody(job, model);
            case EMBEDDING -> embeddingBody(job, model);
            default ->
                throw ProviderException.permanent(ErrorClass.INVALID_JOB, "unsupported job kind " + job.getKind());
        };
    }

    /** The chat completions body of {@code job} for {@code model}. */
    public static ObjectNode chatBody(Job job, String model) {
        ChatRequest chat = job.getChat();
        if (chat == null || chat.getMessages().isEmpty()) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "CHAT job without messages");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put(MODEL, model);
        ArrayNode messages = body.putArray(MESSAGES);
        for (ChatMessage message : chat.getMessages()) {
            messages.add(message(message));
        }
        if (chat.getTemperature() != null) {
            body.put(TEMPERATURE, chat.getTemperature());
        }
        if (chat.getTopP() != null) {
            body.put(TOP_P, chat.getTopP());
        }
        if (chat.getMaxTokens() != null) {
            body.put(MAX_TOKENS, chat.getMaxTokens());
        }
        if (!chat.getStop().isEmpty()) {
            ArrayNode stop = body.putArray(STOP);
            chat.getStop().forEach(stop::add);
        }
        if (chat.getSeed() != null) {
            body.put(SEED, chat.getSeed());
        }
        putJson(body, RESPONSE_FORMAT, "responseFormatJson", chat.getResponseFormatJson());
        putJson(body, TOOLS, "toolsJson", chat.getToolsJson());
        putJson(body, TOOL_CHOICE, "toolChoiceJson", chat.getToolChoiceJson());
        return body;
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(ROLE, message.getRole());
        if (!message.getParts().isEmpty()) {
            ArrayNode parts = node.putArray(CONTENT);
            for (ContentPart part : message.getParts()) {
                parts.add(part(part));
            }
        } else if (message.getContent() != null) {
            node.put(CONTENT, message.getContent());
        }
        if (message.getName() != null) {
            node.put(NAME, message.getName());
        }
        if (message.getToolCallId() != null) {
            node.put(TOOL_CALL_ID, message.getToolCallId());
        }
        putJson(node, TOOL_CALLS, "toolCallsJson", message.getToolCallsJson());
        return node;
    }

    private static ObjectNode part(ContentPart part) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(TYPE, part.getType());
        if (IMAGE_URL.equals(part.getType())) {
            ObjectNode image = node.putObject(IMAGE_URL);
            image.put(URL, part.getImageUrl());
            if (part.getDetail() != null) {
                image.put(DETAIL, part.getDetail());
            }
        } else if (TEXT.equals(part.getType())) {
            node.put(TEXT, part.getText());
        } else {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "parts of type '" + part.getType() + "' are not supported");
        }
        return node;
    }

    /**
     * Renames {@code max_tokens} to {@code max_completion_tokens} for OpenAI reasoning models (o-series
     * and gpt-5): the spec deprecates {@code max_tokens} "in favor of max_completion_tokens" and says it
     * "is not compatible with o-series models"; only {@code max_completion_tokens} bounds reasoning tokens.
     */
    public static void maxCompletionTokensForReasoningModels(ObjectNode body, String model) {
        if (model != null && REASONING_MODEL.matcher(model).lookingAt()) {
            rename(body, MAX_TOKENS, MAX_COMPLETION_TOKENS);
        }
    }

    private static final Pattern REASONING_MODEL = Pattern.compile("(o\\d|gpt-5)");

    /** Moves top-level field {@code from} to {@code to} when present. */
    public static void rename(ObjectNode body, String from, String to) {
        JsonNode value = body.remove(from);
        if (value != null) {
            body.set(to, value);
        }
    }

    /** The embeddings body of {@code job} for {@code model}; {@code inputType} has no OpenAI equivalent and is refused. */
    public static ObjectNode embeddingBody(Job job, String model) {
        EmbeddingRequest embedding = embedding(job);
        if (embedding.getInputType() != null) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "inputType is not supported by the OpenAI embeddings API");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put(MODEL, model);
        ArrayNode input = body.putArray(INPUT);
        embedding.getInput().forEach(input::add);
        if (embedding.getDimensions() != null) {
            body.put(DIMENSIONS, embedding.getDimensions());
        }
        return body;
    }

    /** The job's embedding request; INVALID_JOB when it has no input. */
    public static EmbeddingRequest embedding(Job job) {
        EmbeddingRequest embedding = job.getEmbedding();
        if (embedding == null || embedding.getInput().isEmpty()) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "EMBEDDING job without input");
        }
        return embedding;
    }

    /** Merges the job's {@code extraBodyJson} object over {@code body}. */
    public static void mergeExtraBody(Job job, ObjectNode body) {
        if (job.getExtraBodyJson() != null && !job.getExtraBodyJson().isBlank()) {
            JsonNode extra = parseJson("extraBodyJson", job.getExtraBodyJson());
            if (!extra.isObject()) {
                throw ProviderException.permanent(ErrorClass.INVALID_JOB, "extraBodyJson must be a JSON object");
            }
            body.setAll((ObjectNode) extra);
        }
    }

    /** A JSON POST of {@code body} to {@code uri} with the job's requestId header and {@code auth} headers. */
    public static HttpCall post(Job job, URI uri, Map<String, String> auth, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_TYPE, JSON);
        headers.put(ACCEPT, JSON);
        headers.put(ProviderAdapter.REQUEST_ID_HEADER, RequestIds.toHeaderValue(job.getRequestId()));
        headers.putAll(auth);
        return new HttpCall(job.getRequestId(), "POST", uri, headers, toBytes(body));
    }

    /** {@code Authorization: Bearer <key>}, or nothing without a key. */
    public static Map<String, String> bearer(String apiKey) {
        return apiKey == null || apiKey.isBlank() ? Map.of() : Map.of(AUTHORIZATION, "Bearer " + apiKey);
    }

    /** {@code OpenAI-Organization} / {@code OpenAI-Project} for the config's organization and project, when set. */
    public static Map<String, String> accountHeaders(ProviderConfig config) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (config.getOrganization() != null && !config.getOrganization().isBlank()) {
            headers.put(ORGANIZATION, config.getOrganization());
        }
        if (config.getProject() != null && !config.getProject().isBlank()) {
            headers.put(PROJECT, config.getProject());
        }
        return headers;
    }

    /** {@code endpoint + path}, without doubling {@code /v1} when the endpoint already ends with it (OpenRouter, OpenAI). */
    public static URI uri(String endpoint, String path) {
        return Endpoints.join(endpoint, "/v1", path);
    }

    private static void putJson(ObjectNode node, String field, String source, String json) {
        if (json != null && !json.isBlank()) {
            node.set(field, parseJson(source, json));
        }
    }

    /** {@code json} parsed; INVALID_JOB naming {@code source} when it is not JSON. */
    public static JsonNode parseJson(String source, String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ProviderException.permanent(
                    ErrorClass.INVALID_JOB, source + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] toBytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write request JSON", e);
        }
    }
}
