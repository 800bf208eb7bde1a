package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.provider.gemini.GeminiWire.*;
import static dev.roocode.connectors.provider.support.WireJson.invalidResponse;
import static dev.roocode.connectors.provider.support.WireJson.text;

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
 * Gemini 2xx body → {@link ProviderOutput}. A prompt blocked by {@code promptFeedback.blockReason}
 * (no candidates) is CONTENT_POLICY; a candidate withheld for safety has finish reason
 * {@code content_filter}. Text parts are joined (thought parts skipped), {@code functionCall} parts
 * become OpenAI tool calls (Gemini sends no id, so ids are {@code call_<candidate>_<n>} unless it
 * does) and a STOP with calls is reported as {@code tool_calls}. batchEmbedContents answers carry no
 * usage on older models: usage is then 0.
 */
final class GeminiResponseMapper {

    ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        JsonNode root = WireJson.answerObject(answer.body());
        ProviderOutput.Builder output = ProviderOutput.newBuilder()
                .setProviderRequestId(
                        text(root.get(RESPONSE_ID)) != null
                                ? text(root.get(RESPONSE_ID))
                                : answer.header(REQUEST_ID).orElse(null))
                .setCreated(null);
        return switch (kind) {
            case CHAT ->
                output.setChoices(choices(root))
                        .setEmbeddings(List.of())
                        .setUsage(chatUsage(root.get(USAGE_METADATA)))
                        .build();
            case EMBEDDING ->
                output.setEmbeddings(embeddings(root))
                        .setChoices(List.of())
                        .setUsage(embeddingUsage(root.get(USAGE_METADATA)))
                        .build();
            default -> throw WireJson.invalidJob("unsupported job kind " + kind);
        };
    }

    private static List<Choice> choices(JsonNode root) {
        JsonNode candidates = root.get(CANDIDATES);
        if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
            String blockReason = text(root.path(PROMPT_FEEDBACK).get(BLOCK_REASON));
            if (blockReason != null) {
                throw ProviderException.permanent(
                        ErrorClass.CONTENT_POLICY, "gemini blocked the prompt: " + blockReason);
            }
            throw invalidResponse(
                    root.has(ERROR) ? "error body in a 2xx answer" : "no candidates in generateContent response");
        }
        List<Choice> result = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode candidate = candidates.get(i);
            int index = candidate.path(INDEX).isIntegralNumber()
                    ? candidate.get(INDEX).asInt()
                    : i;
            result.add(choice(index, candidate));
        }
        return result;
    }

    private static Choice choice(int index, JsonNode candidate) {
        JsonNode parts = candidate.path(CONTENT).get(PARTS);
        if (parts != null && !parts.isArray()) {
            throw invalidResponse("candidate " + index + " content.parts is not an array");
        }
        StringBuilder text = new StringBuilder();
        boolean anyText = false;
        ArrayNode toolCalls = WireJson.MAPPER.createArrayNode();
        if (parts != null) {
            for (JsonNode part : parts) {
                if (part.path(TEXT).isTextual() && !part.path(THOUGHT).asBoolean(false)) {
                    text.append(part.get(TEXT).asText());
                    anyText = true;
                } else if (part.has(FUNCTION_CALL)) {
                    JsonNode call = part.get(FUNCTION_CALL);
                    String name = text(call.get(NAME));
                    if (name == null) {
                        throw invalidResponse("candidate " + index + " has a functionCall without name");
                    }
                    String id = text(call.get(ID));
                    toolCalls.add(OpenAiTools.toOpenAi(
                            id != null ? id : "call_" + index + "_" + toolCalls.size(), name, call.get(ARGS)));
                }
            }
        }
        String finish = finishReason(text(candidate.get(FINISH_REASON)));
        if ("stop".equals(finish) && !toolCalls.isEmpty()) {
            finish = "tool_calls";
        }
        ChatMessage message = ChatMessage.newBuilder()
                .setRole("assistant")
                .setContent(anyText || toolCalls.isEmpty() ? text.toString() : null)
                .setParts(List.of())
                .setToolCallsJson(toolCalls.isEmpty() ? null : toolCalls.toString())
                .build();
        return Choice.newBuilder()
                .setIndex(index)
                .setMessage(message)
                .setFinishReason(finish)
                .build();
    }

    /** STOP → stop, MAX_TOKENS → length, safety-like reasons → content_filter; others lower-cased. */
    static String finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        if (CONTENT_FILTER_REASONS.contains(reason)) {
            return "content_filter";
        }
        return switch (reason) {
            case "STOP" -> "stop";
            case "MAX_TOKENS" -> "length";
            default -> reason.toLowerCase(Locale.ROOT);
        };
    }

    /** Thinking tokens are billed as output, so output = candidates + thoughts. */
    private static Usage chatUsage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return new Usage(0L, 0L, 0L);
        }
        long input = usage.path(PROMPT_TOKEN_COUNT).asLong(0);
        long output = usage.path(CANDIDATES_TOKEN_COUNT).asLong(0)
                + usage.path(THOUGHTS_TOKEN_COUNT).asLong(0);
        long total = usage.path(TOTAL_TOKEN_COUNT).isNumber()
                ? usage.get(TOTAL_TOKEN_COUNT).asLong()
                : input + output;
        return new Usage(input, output, total);
    }

    private static Usage embeddingUsage(JsonNode usage) {
        long input = usage == null ? 0 : usage.path(PROMPT_TOKEN_COUNT).asLong(0);
        return new Usage(input, 0L, input);
    }

    private static List<Embedding> embeddings(JsonNode root) {
        JsonNode embeddings = root.get(EMBEDDINGS);
        if (embeddings == null || !embeddings.isArray() || embeddings.isEmpty()) {
            throw invalidResponse("no embeddings in batchEmbedContents response");
        }
        List<Embedding> result = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            JsonNode values = embeddings.get(i).get(VALUES);
            if (values == null || !values.isArray()) {
                throw invalidResponse("embedding " + i + " has no values array");
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
