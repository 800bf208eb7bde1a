package dev.roocode.connectors.provider.openaicompatible;

import static dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleWire.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Job → OpenAI-compatible HTTP request. The model is the assignment's provider model; JSON-text
 * fields (tools, tool_choice, response_format, tool_calls) are embedded as JSON, and the job's
 * {@code extraBodyJson} is merged last so callers can pass provider-specific parameters.
 */
final class OpenAiCompatibleRequestMapper {

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        ObjectNode body = MAPPER.createObjectNode();
        body.put(MODEL, dispatched.getAssignment().getProviderModel());
        String path = switch (job.getKind()) {
            case CHAT -> {
                chatBody(job, body);
                yield CHAT_PATH;
            }
            case EMBEDDING -> {
                embeddingBody(job, body);
                yield EMBEDDINGS_PATH;
            }
            default -> throw ProviderException.permanent(ErrorClass.INVALID_JOB, "unsupported job kind " + job.getKind());
        };
        if (job.getExtraBodyJson() != null && !job.getExtraBodyJson().isBlank()) {
            JsonNode extra = parseJson("extraBodyJson", job.getExtraBodyJson());
            if (!extra.isObject()) {
                throw ProviderException.permanent(ErrorClass.INVALID_JOB, "extraBodyJson must be a JSON object");
            }
            body.setAll((ObjectNode) extra);
        }
        return new HttpCall(job.getRequestId(), "POST", uri(config.getEndpoint(), path), headers(job, config, apiKey), toBytes(body));
    }

    private static void chatBody(Job job, ObjectNode body) {
        ChatRequest chat = job.getChat();
        if (chat == null || chat.getMessages().isEmpty()) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "CHAT job without messages");
        }
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
        } else if (part.getText() != null) {
            node.put(TEXT, part.getText());
        }
        return node;
    }

    private static void embeddingBody(Job job, ObjectNode body) {
        EmbeddingRequest embedding = job.getEmbedding();
        if (embedding == null || embedding.getInput().isEmpty()) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "EMBEDDING job without input");
        }
        if (embedding.getInputType() != null) {
            throw ProviderException.permanent(ErrorClass.BAD_REQUEST, "inputType is not supported by the OpenAI embeddings API");
        }
        ArrayNode input = body.putArray(INPUT);
        embedding.getInput().forEach(input::add);
        if (embedding.getDimensions() != null) {
            body.put(DIMENSIONS, embedding.getDimensions());
        }
    }

    private static Map<String, String> headers(Job job, ProviderConfig config, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_TYPE, JSON);
        headers.put(ACCEPT, JSON);
        headers.put(ProviderAdapter.REQUEST_ID_HEADER, job.getRequestId());
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(AUTHORIZATION, "Bearer " + apiKey);
        }
        if (config.getOrganization() != null) {
            headers.put(ORGANIZATION, config.getOrganization());
        }
        if (config.getProject() != null) {
            headers.put(PROJECT, config.getProject());
        }
        return headers;
    }

    /** {@code endpoint + path}, without doubling {@code /v1} when the endpoint already ends with it (OpenRouter, OpenAI). */
    static URI uri(String endpoint, String path) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        String suffix = base.endsWith("/v1") ? path.substring("/v1".length()) : path;
        try {
            return URI.create(base + suffix);
        } catch (IllegalArgumentException e) {
            throw ProviderException.permanent(ErrorClass.BAD_REQUEST, "provider endpoint is not a valid URI: " + e.getMessage());
        }
    }

    private static void putJson(ObjectNode node, String field, String source, String json) {
        if (json != null && !json.isBlank()) {
            node.set(field, parseJson(source, json));
        }
    }

    private static JsonNode parseJson(String source, String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, source + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] toBytes(ObjectNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write request JSON", e);
        }
    }
}
