package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.provider.gemini.GeminiWire.*;
import static dev.roocode.connectors.provider.support.WireJson.invalidJob;
import static dev.roocode.connectors.provider.support.WireJson.present;
import static dev.roocode.connectors.provider.support.WireJson.unsupported;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.support.DataUri;
import dev.roocode.connectors.provider.support.OpenAiTools;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Job messages → Gemini {@code contents} and {@code systemInstruction}: roles user/model, images as
 * {@code inlineData}/{@code fileData}, tool calls as {@code functionCall} parts and tool results as
 * {@code functionResponse} parts named after the call they answer (Gemini matches results by name).
 * Consecutive turns of one role are merged, so parallel function responses share one turn.
 */
final class GeminiContents {

    private GeminiContents() {}

    static void messages(ChatRequest chat, ObjectNode body) {
        ArrayNode system = WireJson.MAPPER.createArrayNode();
        ArrayNode contents = WireJson.MAPPER.createArrayNode();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < chat.getMessages().size(); i++) {
            ChatMessage message = chat.getMessages().get(i);
            String where = "messages[" + i + "]";
            if (message.getName() != null) {
                throw unsupported(where + ".name: gemini has no participant names");
            }
            switch (message.getRole()) {
                case "system", "developer" -> system.add(textPart(textOnly(where, message)));
                case "user" -> append(contents, USER, userParts(where, message));
                case "assistant" -> append(contents, MODEL_ROLE, modelParts(where, message, toolNames));
                case "tool" -> append(contents, USER, functionResponse(where, message, toolNames));
                default ->
                    throw invalidJob(where + ".role '" + message.getRole()
                            + "' is not system, developer, user, assistant or tool");
            }
        }
        if (contents.isEmpty()) {
            throw invalidJob("gemini needs at least one user or assistant message besides system messages");
        }
        body.set(CONTENTS, contents);
        if (!system.isEmpty()) {
            body.putObject(SYSTEM_INSTRUCTION).set(PARTS, system);
        }
    }

    /** Adds parts as a new content, or to the previous content of the same role (parallel function responses share one). */
    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (!contents.isEmpty()
                && role.equals(contents.get(contents.size() - 1).get(ROLE).asText())) {
            ((ArrayNode) contents.get(contents.size() - 1).get(PARTS)).addAll(parts);
            return;
        }
        ObjectNode content = contents.addObject();
        content.put(ROLE, role);
        content.set(PARTS, parts);
    }

    private static ArrayNode userParts(String where, ChatMessage message) {
        ArrayNode parts = WireJson.MAPPER.createArrayNode();
        if (!message.getParts().isEmpty()) {
            for (int j = 0; j < message.getParts().size(); j++) {
                parts.add(part(where + ".parts[" + j + "]", message.getParts().get(j)));
            }
        } else if (message.getContent() != null) {
            parts.add(textPart(message.getContent()));
        } else {
            throw invalidJob(where + " has no content");
        }
        return parts;
    }

    private static ArrayNode modelParts(String where, ChatMessage message, Map<String, String> toolNames) {
        ArrayNode parts = WireJson.MAPPER.createArrayNode();
        String text = message.getParts().isEmpty() ? message.getContent() : textOnly(where, message);
        if (text != null && !text.isEmpty()) {
            parts.add(textPart(text));
        }
        if (present(message.getToolCallsJson())) {
            for (OpenAiTools.Call call : OpenAiTools.calls(where + ".toolCallsJson", message.getToolCallsJson())) {
                toolNames.put(call.id(), call.name());
                ObjectNode functionCall = parts.addObject().putObject(FUNCTION_CALL);
                functionCall.put(NAME, call.name());
                functionCall.set(ARGS, call.arguments());
            }
        }
        if (parts.isEmpty()) {
            throw invalidJob(where + " (assistant) has neither content nor tool calls");
        }
        return parts;
    }

    /** A tool result answers the call with its id; its text goes in as the JSON object it is, else as {"result": text}. */
    private static ArrayNode functionResponse(String where, ChatMessage message, Map<String, String> toolNames) {
        String name = message.getToolCallId() == null ? null : toolNames.get(message.getToolCallId());
        if (name == null) {
            throw invalidJob(where + " (tool) toolCallId '" + message.getToolCallId()
                    + "' answers no earlier assistant tool call;" + " gemini needs the function name");
        }
        String text = textOnly(where, message);
        JsonNode response = jsonObject(text).orElseGet(() -> WireJson.object().put(RESULT, text));
        ObjectNode functionResponse = WireJson.object();
        ObjectNode inner = functionResponse.putObject(FUNCTION_RESPONSE);
        inner.put(NAME, name);
        inner.set(RESPONSE, response);
        ArrayNode parts = WireJson.MAPPER.createArrayNode();
        parts.add(functionResponse);
        return parts;
    }

    private static Optional<JsonNode> jsonObject(String text) {
        try {
            JsonNode node = WireJson.MAPPER.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode part(String where, ContentPart part) {
        if ("text".equals(part.getType())) {
            return textPart(part.getText() == null ? "" : part.getText());
        }
        if ("image_url".equals(part.getType())) {
            return image(where, part.getImageUrl());
        }
        throw unsupported(where + ".type '" + part.getType() + "' is not supported by gemini");
    }

    /** Data URIs become {@code inlineData}; http(s) URLs (including Files API URIs) {@code fileData}. The {@code detail} hint is not sent. */
    private static ObjectNode image(String where, String url) {
        ObjectNode part = WireJson.object();
        Optional<DataUri> data = DataUri.parse(url);
        if (data.isPresent()) {
            ObjectNode inline = part.putObject(INLINE_DATA);
            inline.put(MIME_TYPE, data.get().mediaType());
            inline.put(DATA, data.get().base64());
        } else if (DataUri.isHttpUrl(url)) {
            ObjectNode file = part.putObject(FILE_DATA);
            guessMimeType(url).ifPresent(mime -> file.put(MIME_TYPE, mime));
            file.put(FILE_URI, url);
        } else {
            throw unsupported(where + ": the image must be an http(s) URL or a base64 data URI");
        }
        return part;
    }

    private static Optional<String> guessMimeType(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        int dot = path.lastIndexOf('.');
        return dot < 0
                ? Optional.empty()
                : Optional.ofNullable(
                        IMAGE_EXTENSIONS.get(path.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private static String textOnly(String where, ChatMessage message) {
        if (message.getParts().isEmpty()) {
            return message.getContent() == null ? "" : message.getContent();
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < message.getParts().size(); j++) {
            ContentPart part = message.getParts().get(j);
            if (!"text".equals(part.getType())) {
                throw unsupported(
                        where + ".parts[" + j + "].type '" + part.getType() + "': gemini takes only text in this role");
            }
            text.append(part.getText() == null ? "" : part.getText());
        }
        return text.toString();
    }

    private static ObjectNode textPart(String text) {
        return WireJson.object().put(TEXT, text);
    }
}
