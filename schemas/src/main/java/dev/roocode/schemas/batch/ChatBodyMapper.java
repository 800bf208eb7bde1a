package dev.roocode.schemas.batch;

import static dev.roocode.schemas.batch.JsonFields.absent;
import static dev.roocode.schemas.batch.JsonFields.invalid;
import static dev.roocode.schemas.batch.JsonFields.optDouble;
import static dev.roocode.schemas.batch.JsonFields.optInt;
import static dev.roocode.schemas.batch.JsonFields.optJson;
import static dev.roocode.schemas.batch.JsonFields.optLong;
import static dev.roocode.schemas.batch.JsonFields.optText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Maps the body of a /v1/chat/completions line to a {@link ChatRequest}. The body fields it does
 * not map are left for {@code extraBodyJson} by {@link BatchLineCodec} (see {@link #MAPPED}).
 */
final class ChatBodyMapper {
    /** Body fields that have a home in ChatRequest (or Job.model); all others go to extraBodyJson. */
    static final Set<String> MAPPED = Set.of(
            "model",
            "messages",
            "temperature",
            "top_p",
            "max_tokens",
            "max_completion_tokens",
            "stop",
            "seed",
            "response_format",
            "tools",
            "tool_choice");

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "name", "tool_call_id", "tool_calls");

    private ChatBodyMapper() {}

    static ChatRequest map(JsonNode body) throws InvalidLineException {
        JsonNode messages = body.get("messages");
        if (absent(messages) || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidLineException(
                    BatchErrorCodes.MISSING_MESSAGES, "body.messages is required: a non-empty array of messages");
        }
        List<ChatMessage> mapped = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            mapped.add(message(messages.get(i), "messages[" + i + "]."));
        }
        return ChatRequest.newBuilder()
                .setMessages(mapped)
                .setTemperature(optDouble(body, "temperature"))
                .setTopP(optDouble(body, "top_p"))
                .setMaxTokens(maxTokens(body))
                .setStop(stop(body.get("stop")))
                .setSeed(optLong(body, "seed"))
                .setResponseFormatJson(optJson(body, "response_format"))
                .setToolsJson(optJson(body, "tools"))
                .setToolChoiceJson(optJson(body, "tool_choice"))
                .build();
    }

    /** max_completion_tokens replaced max_tokens; both mean the same bound, so accept either. */
    private static Integer maxTokens(JsonNode body) throws InvalidLineException {
        Integer maxTokens = optInt(body, "max_tokens");
        Integer maxCompletionTokens = optInt(body, "max_completion_tokens");
        if (maxTokens != null && maxCompletionTokens != null && !maxTokens.equals(maxCompletionTokens)) {
            throw invalid("max_tokens (" + maxTokens + ") and max_completion_tokens (" + maxCompletionTokens
                    + ") disagree; set only one");
        }
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    private static List<String> stop(JsonNode stop) throws InvalidLineException {
        List<String> out = new ArrayList<>();
        if (absent(stop)) {
            return out;
        }
        if (stop.isTextual()) {
            out.add(stop.textValue());
            return out;
        }
        if (!stop.isArray()) {
            throw invalid("stop must be a string or an array of strings");
        }
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                throw invalid("stop must be a string or an array of strings");
            }
            out.add(s.textValue());
        }
        return out;
    }

    private static ChatMessage message(JsonNode msg, String path) throws InvalidLineException {
        if (!msg.isObject()) {
            throw invalid(path.substring(0, path.length() - 1) + " must be an object");
        }
        String role = optText(msg, "role", path);
        if (role == null || !ROLES.contains(role)) {
            throw new InvalidLineException(
                    BatchErrorCodes.INVALID_ROLE,
                    path + "role "
                            + (role == null ? "is missing" : "'" + role + "' is unknown")
                            + "; use system, developer, user, assistant, tool or function");
        }
        rejectUnmappedFields(msg, MESSAGE_FIELDS, path);
        ChatMessage.Builder b = ChatMessage.newBuilder()
                .setRole(role)
                .setName(optText(msg, "name", path))
                .setToolCallId(optText(msg, "tool_call_id", path));
        JsonNode toolCalls = msg.get("tool_calls");
        if (!absent(toolCalls)) {
            if (!"assistant".equals(role) || !toolCalls.isArray()) {
                throw invalid(path + "tool_calls must be an array on an assistant message");
            }
            b.setToolCallsJson(BatchJson.text(toolCalls));
        }
        if ("tool".equals(role) && b.getToolCallId() == null) {
            throw invalid(path + "tool_call_id is required for role tool");
        }
        JsonNode content = msg.get("content");
        if (absent(content)) {
            if (!"assistant".equals(role) || b.getToolCallsJson() == null) {
                throw invalid(path + "content is required (only an assistant message with tool_calls may omit it)");
            }
        } else if (content.isTextual()) {
            b.setContent(content.textValue());
        } else if (content.isArray() && !content.isEmpty()) {
            List<ContentPart> parts = new ArrayList<>(content.size());
            for (int i = 0; i < content.size(); i++) {
                parts.add(part(content.get(i), path + "content[" + i + "]."));
            }
            b.setParts(parts);
        } else {
            throw invalid(path + "content must be a string or a non-empty array of content parts");
        }
        return b.build();
    }

    private static ContentPart part(JsonNode part, String path) throws InvalidLineException {
        String type = part.isObject() ? optText(part, "type", path) : null;
        if ("text".equals(type)) {
            rejectUnmappedFields(part, Set.of("type", "text"), path);
            String text = optText(part, "text", path);
            if (text == null) {
                throw invalid(path + "text is required for a text part");
            }
            return ContentPart.newBuilder().setType(type).setText(text).build();
        }
        if ("image_url".equals(type)) {
            rejectUnmappedFields(part, Set.of("type", "image_url"), path);
            JsonNode image = part.get("image_url");
            // the spec says an object; some clients send the URL string directly
            if (image != null && image.isTextual()) {
                return ContentPart.newBuilder()
                        .setType(type)
                        .setImageUrl(image.textValue())
                        .build();
            }
            if (image == null || !image.isObject() || optText(image, "url", path + "image_url.") == null) {
                throw invalid(path + "image_url.url is required for an image_url part");
            }
            rejectUnmappedFields(image, Set.of("url", "detail"), path + "image_url.");
            return ContentPart.newBuilder()
                    .setType(type)
                    .setImageUrl(image.get("url").textValue())
                    .setDetail(optText(image, "detail", path + "image_url."))
                    .build();
        }
        // ContentPart has no room for audio or file payloads: refuse rather than lose them
        throw new InvalidLineException(
                BatchErrorCodes.UNSUPPORTED_PARAMETER,
                path + "type " + (type == null ? "is missing" : "'" + type + "' is not supported")
                        + "; use text or image_url");
    }

    /** Message-level fields have no extraBody to fall back on, so an unknown one fails the line. */
    private static void rejectUnmappedFields(JsonNode obj, Set<String> known, String path) throws InvalidLineException {
        for (var field : obj.properties()) {
            String name = field.getKey();
            if (!known.contains(name) && !absent(field.getValue())) {
                throw new InvalidLineException(
                        BatchErrorCodes.UNSUPPORTED_PARAMETER, path + name + " is not supported");
            }
        }
    }
}
