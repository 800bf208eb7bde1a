package dev.roocode.connectors.provider.cohere;

import static dev.roocode.connectors.provider.cohere.CohereWire.*;
import static dev.roocode.connectors.provider.support.WireJson.invalidResponse;
import static dev.roocode.connectors.provider.support.WireJson.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.support.OpenAiTools;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cohere v2 2xx body → {@link ProviderOutput}. Chat: text content items joined (thinking skipped),
 * {@code tool_calls} kept in OpenAI shape, {@code tool_plan} as the content of a tool-calling
 * message, usage from {@code billed_units} (what Cohere bills) else {@code tokens}. A generation
 * that ended in {@code ERROR} or {@code TIMEOUT} has no usable answer and is refused. Embed: the
 * {@code float} vectors of an {@code embeddings_by_type} answer (or a bare array).
 */
final class CohereResponseMapper {

    ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        JsonNode root = WireJson.answerObject(answer.body());
        String id = text(root.get(ID));
        ProviderOutput.Builder output = ProviderOutput.newBuilder()
                .setProviderRequestId(
                        id != null && !id.isEmpty()
                                ? id
                                : answer.header(REQUEST_ID).orElse(null))
                .setCreated(null);
        return switch (kind) {
            case CHAT ->
                output.setChoices(List.of(choice(root)))
                        .setEmbeddings(List.of())
                        .setUsage(chatUsage(root.get(USAGE)))
                        .build();
            case EMBEDDING ->
                output.setEmbeddings(embeddings(root))
                        .setChoices(List.of())
                        .setUsage(embedUsage(root.path(META)))
                        .build();
            default -> throw WireJson.invalidJob("unsupported job kind " + kind);
        };
    }

    private static Choice choice(JsonNode root) {
        JsonNode message = root.get(MESSAGE);
        if (message == null || !message.isObject()) {
            throw invalidResponse("chat response has no message");
        }
        String reason = text(root.get(FINISH_REASON));
        if ("ERROR".equals(reason)) {
            throw ProviderException.permanent(
                    ErrorClass.PROVIDER_ERROR, "cohere generation ended with finish_reason ERROR");
        }
        if ("TIMEOUT".equals(reason)) {
            throw ProviderException.permanent(ErrorClass.TIMEOUT, "cohere generation ended with finish_reason TIMEOUT");
        }
        JsonNode content = message.get(CONTENT);
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        if (content != null && content.isTextual()) {
            text.append(content.asText());
            anyText = true;
        } else if (content != null && content.isArray()) {
            for (JsonNode item : content) {
                if (TEXT.equals(text(item.get(TYPE))) && item.path(TEXT).isTextual()) {
                    text.append(item.get(TEXT).asText());
                    anyText = true;
                }
            }
        } else if (content != null && !content.isNull()) {
            throw invalidResponse("message content is neither text nor a list");
        }
        ArrayNode toolCalls = toolCalls(message.get(TOOL_CALLS));
        String toolPlan = text(message.get(TOOL_PLAN));
        String finalText = anyText ? text.toString() : toolCalls.isEmpty() ? "" : toolPlan;
        ChatMessage chatMessage = ChatMessage.newBuilder()
                .setRole("assistant")
                .setContent(finalText)
                .setParts(List.of())
                .setToolCallsJson(toolCalls.isEmpty() ? null : toolCalls.toString())
                .build();
        return Choice.newBuilder()
                .setIndex(0)
                .setMessage(chatMessage)
                .setFinishReason(finishReason(reason))
                .build();
    }

    private static ArrayNode toolCalls(JsonNode calls) {
        ArrayNode result = WireJson.MAPPER.createArrayNode();
        if (calls == null || calls.isNull()) {
            return result;
        }
        if (!calls.isArray()) {
            throw invalidResponse("message tool_calls is not a list");
        }
        for (JsonNode call : calls) {
            JsonNode function = call.path(FUNCTION);
            String name = text(function.get(NAME));
            if (name == null) {
                throw invalidResponse("tool call without function.name");
            }
            JsonNode arguments = function.get("arguments");
            String id = text(call.get(ID));
            result.add(OpenAiTools.toOpenAi(
                    id == null ? "call_" + result.size() : id,
                    name,
                    arguments != null && arguments.isTextual() ? parseArguments(arguments.asText()) : arguments));
        }
        return result;
    }

    /** Cohere sends arguments as JSON text like OpenAI; keep them as they are when they do not parse. */
    private static JsonNode parseArguments(String arguments) {
        try {
            return WireJson.MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            return WireJson.MAPPER.getNodeFactory().textNode(arguments);
        }
    }

    /** COMPLETE/STOP_SEQUENCE → stop, MAX_TOKENS/ERROR_LIMIT → length, TOOL_CALL → tool_calls, ERROR_TOXIC → content_filter. */
    static String finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "COMPLETE", "STOP_SEQUENCE" -> "stop";
            case "MAX_TOKENS", "ERROR_LIMIT" -> "length";
            case "TOOL_CALL" -> "tool_calls";
            case "ERROR_TOXIC" -> "content_filter";
            default -> reason.toLowerCase(Locale.ROOT);
        };
    }

    private static Usage chatUsage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return new Usage(0L, 0L, 0L);
        }
        JsonNode counts = usage.path(BILLED_UNITS).isObject() ? usage.get(BILLED_UNITS) : usage.path(TOKENS);
        long input = counts.path(INPUT_TOKENS).asLong(0);
        long output = counts.path(OUTPUT_TOKENS).asLong(0);
        return new Usage(input, output, input + output);
    }

    private static Usage embedUsage(JsonNode meta) {
        long input = meta.path(BILLED_UNITS).path(INPUT_TOKENS).asLong(0);
        return new Usage(input, 0L, input);
    }

    private static List<Embedding> embeddings(JsonNode root) {
        JsonNode embeddings = root.get(EMBEDDINGS);
        JsonNode vectors = embeddings != null && embeddings.isObject() ? embeddings.get(FLOAT) : embeddings;
        if (vectors == null || !vectors.isArray() || vectors.isEmpty()) {
            throw invalidResponse("no float embeddings in embed response");
        }
        List<Embedding> result = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode values = vectors.get(i);
            if (!values.isArray()) {
                throw invalidResponse("embedding " + i + " is not a list of numbers");
            }
            List<Float> vector = new ArrayList<>(values.size());
            for (JsonNode value : values) {
                if (!value.isNumber()) {
                    throw invalidResponse("embedding " + i + " holds a non-number");
                }
                vector.add(value.floatValue());
            }
            result.add(new Embedding(i, vector));
        }
        return result;
    }
}
