package dev.roocode.connectors.provider.anthropic;

import static dev.roocode.connectors.provider.anthropic.AnthropicWire.*;
import static dev.roocode.connectors.provider.support.WireJson.invalidResponse;
import static dev.roocode.connectors.provider.support.WireJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.support.OpenAiTools;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Usage;
import java.util.List;
import java.util.Locale;

/**
 * Anthropic {@code Message} → {@link ProviderOutput}: text blocks joined, {@code tool_use} blocks as
 * OpenAI tool calls, {@code stop_reason} normalised. Unknown block types (thinking, server tools) and
 * unknown fields are skipped; a body without a {@code content} array is INVALID_RESPONSE.
 */
final class AnthropicResponseMapper {

    ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        if (kind != JobKind.CHAT) {
            throw WireJson.unsupported("anthropic has no embeddings API");
        }
        JsonNode root = WireJson.answerObject(answer.body());
        JsonNode content = root.get(CONTENT);
        if (content == null || !content.isArray()) {
            throw invalidResponse(
                    ERROR.equals(text(root.get(TYPE)))
                            ? "error body in a 2xx answer: "
                                    + WireJson.oneLine(
                                            String.valueOf(text(root.path(ERROR).get(MESSAGE))))
                            : "message has no content array");
        }
        StringBuilder joined = new StringBuilder();
        boolean anyText = false;
        ArrayNode toolCalls = WireJson.MAPPER.createArrayNode();
        for (JsonNode block : content) {
            String type = text(block.get(TYPE));
            if (TEXT.equals(type)) {
                joined.append(block.path(TEXT).asText(""));
                anyText = true;
            } else if (TOOL_USE.equals(type)) {
                String id = text(block.get(ID));
                String name = text(block.get(NAME));
                if (id == null || name == null) {
                    throw invalidResponse("tool_use block without id or name");
                }
                toolCalls.add(OpenAiTools.toOpenAi(id, name, block.get(INPUT)));
            }
        }
        ChatMessage message = ChatMessage.newBuilder()
                .setRole(ASSISTANT)
                .setContent(anyText || toolCalls.isEmpty() ? joined.toString() : null)
                .setParts(List.of())
                .setToolCallsJson(toolCalls.isEmpty() ? null : toolCalls.toString())
                .build();
        Choice choice = Choice.newBuilder()
                .setIndex(0)
                .setMessage(message)
                .setFinishReason(finishReason(text(root.get(STOP_REASON))))
                .build();
        String id = text(root.get(ID));
        return ProviderOutput.newBuilder()
                .setChoices(List.of(choice))
                .setEmbeddings(List.of())
                .setUsage(usage(root.get(USAGE)))
                .setProviderRequestId(
                        id != null && !id.isEmpty()
                                ? id
                                : answer.header(REQUEST_ID).orElse(null))
                .setCreated(null)
                .build();
    }

    /** end_turn/stop_sequence → stop, max_tokens → length, tool_use → tool_calls, refusal → content_filter; others lower-cased. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> stopReason.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Anthropic counts cache writes and reads apart from {@code input_tokens}; all three are prompt
     * tokens, so input is their sum (as OpenAI's prompt_tokens includes cached tokens).
     */
    private static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return new Usage(0L, 0L, 0L);
        }
        long input = usage.path(INPUT_TOKENS).asLong(0)
                + usage.path(CACHE_CREATION_INPUT_TOKENS).asLong(0)
                + usage.path(CACHE_READ_INPUT_TOKENS).asLong(0);
        long output = usage.path(OUTPUT_TOKENS).asLong(0);
        return new Usage(input, output, input + output);
    }
}
