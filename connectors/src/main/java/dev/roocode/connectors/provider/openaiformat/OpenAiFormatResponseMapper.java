package dev.roocode.connectors.provider.openaiformat;

import static dev.roocode.connectors.provider.openaiformat.OpenAiFormatWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenAI-format 2xx body → {@link ProviderOutput}. Lenient on unknown fields and explicit nulls
 * (real TGI and vLLM answers carry {@code tool_calls: null}, {@code usage: null} in choices), strict
 * on what a result needs: a missing or mistyped {@code choices}/{@code message}/{@code data}/
 * {@code embedding} is INVALID_RESPONSE, as is a body that is not JSON or is truncated.
 */
public final class OpenAiFormatResponseMapper {

    public ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        JsonNode root = readJson(answer.body());
        if (!root.isObject()) {
            throw invalid("body is not a JSON object");
        }
        ProviderOutput.Builder output = ProviderOutput.newBuilder()
                .setUsage(usage(root.get(USAGE)))
                .setProviderRequestId(providerRequestId(root, answer))
                .setCreated(
                        root.path(CREATED).isIntegralNumber()
                                ? root.get(CREATED).asLong()
                                : null);
        switch (kind) {
            case CHAT -> output.setChoices(choices(root)).setEmbeddings(List.of());
            case EMBEDDING -> output.setEmbeddings(embeddings(root)).setChoices(List.of());
            default -> throw ProviderException.permanent(ErrorClass.INVALID_JOB, "unsupported job kind " + kind);
        }
        return output.build();
    }

    private static List<Choice> choices(JsonNode root) {
        JsonNode choices = root.get(CHOICES);
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw invalid(errorHint(root, "no choices in chat completion"));
        }
        List<Choice> result = new ArrayList<>(choices.size());
        for (int i = 0; i < choices.size(); i++) {
            JsonNode choice = choices.get(i);
            JsonNode message = choice.get(MESSAGE);
            if (message == null || !message.isObject()) {
                throw invalid("choice " + i + " has no message");
            }
            ChatMessage parsed = message(message);
            String reason = finishReason(text(choice.get(FINISH_REASON)));
            // TGI ends a tool call with "stop"; OpenAI with "tool_calls": normalise to the latter
            if (parsed.getToolCallsJson() != null && "stop".equals(reason)) {
                reason = "tool_calls";
            }
            result.add(Choice.newBuilder()
                    .setIndex(
                            choice.path(INDEX).isIntegralNumber()
                                    ? choice.get(INDEX).asInt()
                                    : i)
                    .setMessage(parsed)
                    .setFinishReason(reason)
                    .build());
        }
        return result;
    }

    private static ChatMessage message(JsonNode message) {
        String role = text(message.get(ROLE));
        JsonNode toolCalls = message.get(TOOL_CALLS);
        return ChatMessage.newBuilder()
                .setRole(role == null ? "assistant" : role)
                .setContent(content(message.get(CONTENT)))
                .setParts(List.of())
                .setName(text(message.get(NAME)))
                .setToolCallId(text(message.get(TOOL_CALL_ID)))
                .setToolCallsJson(
                        toolCalls != null && toolCalls.isArray() && !toolCalls.isEmpty()
                                ? toolCallsJson(toolCalls)
                                : null)
                .build();
    }

    /**
     * The tool calls as OpenAI JSON text, with {@code function.arguments} as a JSON string even when
     * the server sent an object (TGI's spec types it as any JSON value).
     */
    private static String toolCallsJson(JsonNode toolCalls) {
        JsonNode copy = toolCalls.deepCopy();
        for (JsonNode call : copy) {
            JsonNode function = call.get(FUNCTION);
            if (function instanceof ObjectNode fn
                    && fn.has(ARGUMENTS)
                    && !fn.get(ARGUMENTS).isTextual()) {
                fn.put(ARGUMENTS, fn.get(ARGUMENTS).toString());
            }
        }
        return copy.toString();
    }

    /** Plain string content, or the text parts of array content joined, or null. */
    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> {
                if (part.path(TEXT).isTextual()) {
                    text.append(part.get(TEXT).asText());
                }
            });
            return text.toString();
        }
        throw invalid("message content is neither text nor parts");
    }

    /** Maps provider spellings to stop, length, tool_calls, content_filter; unknown values pass through lower-cased. */
    public static String finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason.toLowerCase(Locale.ROOT)) {
            case "stop", "eos_token", "eos", "end_turn", "stop_sequence" -> "stop";
            case "length", "max_tokens", "model_length" -> "length";
            case "tool_calls", "function_call", "tool_use" -> "tool_calls";
            case "content_filter", "safety" -> "content_filter";
            default -> reason.toLowerCase(Locale.ROOT);
        };
    }

    private static List<Embedding> embeddings(JsonNode root) {
        JsonNode data = root.get(DATA);
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw invalid(errorHint(root, "no data in embeddings response"));
        }
        List<Embedding> result = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            JsonNode vector = item.get(EMBEDDING);
            if (vector == null || !vector.isArray()) {
                throw invalid("data " + i + " has no embedding array (base64 encoding is not requested)");
            }
            List<Float> floats = new ArrayList<>(vector.size());
            for (JsonNode value : vector) {
                if (!value.isNumber()) {
                    throw invalid("data " + i + " embedding holds a non-number");
                }
                floats.add(value.floatValue());
            }
            result.add(new Embedding(
                    item.path(INDEX).isIntegralNumber() ? item.get(INDEX).asInt() : i, floats));
        }
        return result;
    }

    /** {@code prompt_tokens}/{@code completion_tokens}/{@code total_tokens}; zeros when the provider sent no usage. */
    public static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return new Usage(0L, 0L, 0L);
        }
        long input = usage.path(PROMPT_TOKENS).asLong(0);
        long output = usage.path(COMPLETION_TOKENS).asLong(0);
        long total =
                usage.path(TOTAL_TOKENS).isNumber() ? usage.get(TOTAL_TOKENS).asLong() : input + output;
        return new Usage(input, output, total);
    }

    private static String providerRequestId(JsonNode root, HttpAnswer answer) {
        String id = text(root.get(ID));
        if (id != null && !id.isEmpty()) {
            return id;
        }
        return answer.header(X_REQUEST_ID).orElse(null);
    }

    private static String errorHint(JsonNode root, String message) {
        JsonNode error = root.get(ERROR);
        if (error == null || error.isNull()) {
            return message;
        }
        String detail = error.isTextual() ? error.asText() : text(error.get(MESSAGE));
        return detail == null
                ? message
                : message + " (provider error: " + OpenAiFormatErrorClassifier.oneLine(detail) + ")";
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** The body as JSON; INVALID_RESPONSE when it is empty, cut off or not JSON. */
    public static JsonNode readJson(byte[] body) {
        if (body.length == 0) {
            throw invalid("empty body");
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw invalid("body is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A non-retryable INVALID_RESPONSE failure. */
    public static ProviderException invalid(String message) {
        return ProviderException.permanent(ErrorClass.INVALID_RESPONSE, message);
    }
}
