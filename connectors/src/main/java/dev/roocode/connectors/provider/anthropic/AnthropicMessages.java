package dev.roocode.connectors.provider.anthropic;

import static dev.roocode.connectors.provider.anthropic.AnthropicWire.*;
import static dev.roocode.connectors.provider.support.WireJson.invalidJob;
import static dev.roocode.connectors.provider.support.WireJson.present;
import static dev.roocode.connectors.provider.support.WireJson.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.support.DataUri;
import dev.roocode.connectors.provider.support.OpenAiTools;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import java.util.Optional;

/**
 * Job messages → Anthropic {@code system} and {@code messages}: system and developer messages become
 * the top-level system prompt, tool calls {@code tool_use} blocks, tool results user
 * {@code tool_result} blocks, images base64 or url sources. Consecutive turns of one role are merged
 * (parallel tool results must share one user turn).
 */
final class AnthropicMessages {

    private AnthropicMessages() {}

    static void messages(ChatRequest chat, ObjectNode body) {
        ArrayNode system = WireJson.MAPPER.createArrayNode();
        ArrayNode turns = WireJson.MAPPER.createArrayNode();
        for (int i = 0; i < chat.getMessages().size(); i++) {
            ChatMessage message = chat.getMessages().get(i);
            String where = "messages[" + i + "]";
            if (message.getName() != null) {
                throw unsupported(where + ".name: anthropic has no participant names");
            }
            switch (message.getRole()) {
                case "system", "developer" -> system.add(textBlock(textOnly(where, message)));
                case "user" -> append(turns, USER, userBlocks(where, message));
                case "assistant" -> append(turns, ASSISTANT, assistantBlocks(where, message));
                case "tool" -> append(turns, USER, toolResult(where, message));
                default ->
                    throw invalidJob(where + ".role '" + message.getRole()
                            + "' is not system, developer, user, assistant or tool");
            }
        }
        if (turns.isEmpty()) {
            throw invalidJob("anthropic needs at least one user or assistant message besides system messages");
        }
        if (system.size() == 1) {
            body.put(SYSTEM, system.get(0).get(TEXT).asText());
        } else if (!system.isEmpty()) {
            body.set(SYSTEM, system);
        }
        turns.forEach(turn -> simplify((ObjectNode) turn));
        body.set(MESSAGES, turns);
    }

    /** Adds blocks as a new turn, or to the previous turn when it has the same role. */
    private static void append(ArrayNode turns, String role, ArrayNode blocks) {
        if (!turns.isEmpty()
                && role.equals(turns.get(turns.size() - 1).get(ROLE).asText())) {
            ((ArrayNode) turns.get(turns.size() - 1).get(CONTENT)).addAll(blocks);
            return;
        }
        ObjectNode turn = turns.addObject();
        turn.put(ROLE, role);
        turn.set(CONTENT, blocks);
    }

    /** A turn holding one text block is sent with plain string content, as Anthropic's own examples do. */
    private static void simplify(ObjectNode turn) {
        JsonNode blocks = turn.get(CONTENT);
        if (blocks.size() == 1 && TEXT.equals(blocks.get(0).get(TYPE).asText())) {
            turn.put(CONTENT, blocks.get(0).get(TEXT).asText());
        }
    }

    private static ArrayNode userBlocks(String where, ChatMessage message) {
        ArrayNode blocks = WireJson.MAPPER.createArrayNode();
        if (!message.getParts().isEmpty()) {
            for (int j = 0; j < message.getParts().size(); j++) {
                blocks.add(part(where + ".parts[" + j + "]", message.getParts().get(j), true));
            }
        } else if (message.getContent() != null) {
            blocks.add(textBlock(message.getContent()));
        } else {
            throw invalidJob(where + " has no content");
        }
        return blocks;
    }

    private static ArrayNode assistantBlocks(String where, ChatMessage message) {
        ArrayNode blocks = WireJson.MAPPER.createArrayNode();
        if (!message.getParts().isEmpty()) {
            for (int j = 0; j < message.getParts().size(); j++) {
                blocks.add(part(where + ".parts[" + j + "]", message.getParts().get(j), false));
            }
        } else if (message.getContent() != null && !message.getContent().isEmpty()) {
            blocks.add(textBlock(message.getContent()));
        }
        if (present(message.getToolCallsJson())) {
            for (OpenAiTools.Call call : OpenAiTools.calls(where + ".toolCallsJson", message.getToolCallsJson())) {
                ObjectNode use = blocks.addObject();
                use.put(TYPE, TOOL_USE);
                use.put(ID, call.id());
                use.put(NAME, call.name());
                use.set(INPUT, call.arguments());
            }
        }
        if (blocks.isEmpty()) {
            throw invalidJob(where + " (assistant) has neither content nor tool calls");
        }
        return blocks;
    }

    private static ArrayNode toolResult(String where, ChatMessage message) {
        if (message.getToolCallId() == null) {
            throw invalidJob(where + " (tool) has no toolCallId");
        }
        ObjectNode result = WireJson.object();
        result.put(TYPE, TOOL_RESULT);
        result.put(TOOL_USE_ID, message.getToolCallId());
        if (!message.getParts().isEmpty()) {
            ArrayNode content = result.putArray(CONTENT);
            for (int j = 0; j < message.getParts().size(); j++) {
                content.add(part(where + ".parts[" + j + "]", message.getParts().get(j), true));
            }
        } else {
            result.put(CONTENT, message.getContent() == null ? "" : message.getContent());
        }
        ArrayNode blocks = WireJson.MAPPER.createArrayNode();
        blocks.add(result);
        return blocks;
    }

    private static ObjectNode part(String where, ContentPart part, boolean imagesAllowed) {
        if ("text".equals(part.getType())) {
            return textBlock(part.getText() == null ? "" : part.getText());
        }
        if ("image_url".equals(part.getType()) && imagesAllowed) {
            return image(where, part.getImageUrl());
        }
        throw unsupported(where + ".type '" + part.getType() + "' is not supported by anthropic here");
    }

    /**
     * A base64 data URI becomes a base64 source, an http(s) URL a url source. The OpenAI
     * {@code detail} hint has no Anthropic equivalent and is not sent (documented).
     */
    private static ObjectNode image(String where, String url) {
        ObjectNode block = WireJson.object();
        block.put(TYPE, IMAGE);
        ObjectNode source = block.putObject(SOURCE);
        Optional<DataUri> data = DataUri.parse(url);
        if (data.isPresent()) {
            if (!IMAGE_MEDIA_TYPES.contains(data.get().mediaType())) {
                throw unsupported(where + ": anthropic takes image/jpeg, image/png, image/gif or image/webp, not "
                        + data.get().mediaType());
            }
            source.put(TYPE, BASE64);
            source.put(MEDIA_TYPE, data.get().mediaType());
            source.put(DATA, data.get().base64());
        } else if (DataUri.isHttpUrl(url)) {
            source.put(TYPE, URL);
            source.put(URL, url);
        } else {
            throw unsupported(where + ": the image must be an http(s) URL or a base64 data URI");
        }
        return block;
    }

    private static String textOnly(String where, ChatMessage message) {
        if (message.getParts().isEmpty()) {
            if (message.getContent() == null) {
                throw invalidJob(where + " has no content");
            }
            return message.getContent();
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < message.getParts().size(); j++) {
            ContentPart part = message.getParts().get(j);
            if (!"text".equals(part.getType())) {
                throw unsupported(where + ".parts[" + j + "].type '" + part.getType()
                        + "': anthropic system prompts are text only");
            }
            text.append(part.getText() == null ? "" : part.getText());
        }
        return text.toString();
    }

    private static ObjectNode textBlock(String text) {
        ObjectNode block = WireJson.object();
        block.put(TYPE, TEXT);
        block.put(TEXT, text);
        return block;
    }
}
