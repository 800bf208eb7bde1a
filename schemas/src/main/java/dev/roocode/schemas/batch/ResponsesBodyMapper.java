package dev.roocode.schemas.batch;

import static dev.roocode.schemas.batch.JsonFields.absent;
import static dev.roocode.schemas.batch.JsonFields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Translates the body of an OpenAI Responses API request ({@code /v1/responses}) into the body of the
 * equivalent Chat Completions request, which {@link ChatBodyMapper} then maps as any chat line: so a
 * Responses request runs on the chat path of every provider type. What the Responses object echoes
 * back (instructions, tools, text, metadata, sampling settings) is kept apart, as compact JSON, for
 * {@link BatchOutputWriter} to write the answer as a Responses object.
 *
 * <p>Carried: {@code input} (a string, or message items with text and image parts, {@code function_call}
 * and {@code function_call_output} items), {@code instructions} (a leading system message),
 * {@code text.format} (text, json_object, json_schema), function {@code tools} and {@code tool_choice},
 * {@code max_output_tokens}, {@code temperature}, {@code top_p}, {@code parallel_tool_calls},
 * {@code reasoning.effort}, {@code text.verbosity}, {@code user}, {@code metadata} (echoed only) and
 * {@code extra_body}.
 * {@code store} is accepted and ignored (nothing is kept to retrieve later). Everything that needs
 * server-side state or OpenAI's own tools ({@code previous_response_id}, {@code conversation},
 * {@code background}, {@code stream}, built-in tools, ...) is refused, naming the parameter, never dropped.
 */
final class ResponsesBodyMapper {
    /** The request fields this mapper understands; any other is refused. */
    private static final Set<String> KNOWN = Set.of(
            "model",
            "input",
            "instructions",
            "text",
            "tools",
            "tool_choice",
            "max_output_tokens",
            "temperature",
            "top_p",
            "parallel_tool_calls",
            "reasoning",
            "user",
            "metadata",
            "store",
            "truncation",
            "stream",
            "background",
            BatchLineCodec.EXTRA_BODY);
    /** Fields whose meaning Roocode cannot give, with why; null/false values of them are accepted. */
    private static final Map<String, String> REFUSED = Map.of(
            "previous_response_id", "Roocode keeps no conversation state; send the whole conversation as input",
            "conversation", "Roocode keeps no conversation state; send the whole conversation as input",
            "prompt", "stored prompts live at OpenAI; send the instructions and input instead",
            "include", "Roocode returns no extra output data",
            "max_tool_calls", "Roocode runs no built-in tools",
            "service_tier", "routing decides where a request runs",
            "top_logprobs", "Roocode does not carry log probabilities");

    private static final Set<String> MESSAGE_ROLES = Set.of("user", "system", "developer", "assistant");

    /**
     * A Responses request translated.
     *
     * @param chatBody the equivalent Chat Completions body
     * @param echoJson what the Responses object echoes of the request, as compact JSON
     */
    record Translated(ObjectNode chatBody, String echoJson) {}

    private ResponsesBodyMapper() {}

    static Translated translate(JsonNode body) throws InvalidLineException {
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (REFUSED.containsKey(name)) {
                if (!absent(value)) {
                    throw unsupported(name + " is not supported: " + REFUSED.get(name));
                }
            } else if (!KNOWN.contains(name)) {
                throw unsupported(name + " is not supported by Roocode's Responses API");
            }
        }
        if (body.path("stream").asBoolean(false)) {
            throw unsupported("stream is not supported: Roocode answers with the whole response (stream=false)");
        }
        if (body.path("background").asBoolean(false)) {
            throw unsupported("background is not supported: send the request in a batch file instead");
        }
        JsonNode metadata = body.get("metadata");
        if (!absent(metadata)) {
            if (!metadata.isObject()) {
                throw invalid("metadata must be an object of string values");
            }
            for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
                if (!entry.getValue().isTextual()) {
                    throw invalid("metadata." + entry.getKey() + " must be a string");
                }
            }
        }
        JsonNode truncation = body.get("truncation");
        if (!absent(truncation) && !"disabled".equals(truncation.asText())) {
            throw unsupported("truncation " + truncation + " is not supported; only disabled");
        }
        ObjectNode chat = BatchJson.MAPPER.createObjectNode();
        chat.set("model", body.get("model"));
        chat.set("messages", messages(body));
        copy(body, "temperature", chat, "temperature");
        copy(body, "top_p", chat, "top_p");
        copy(body, "max_output_tokens", chat, "max_completion_tokens");
        copy(body, "parallel_tool_calls", chat, "parallel_tool_calls");
        copy(body, "user", chat, "user");
        copy(body, BatchLineCodec.EXTRA_BODY, chat, BatchLineCodec.EXTRA_BODY);
        JsonNode reasoning = body.get("reasoning");
        if (!absent(reasoning)) {
            if (!reasoning.isObject()) {
                throw invalid("reasoning must be an object");
            }
            onlyFields(reasoning, "reasoning.", "effort");
            copy(reasoning, "effort", chat, "reasoning_effort");
        }
        JsonNode text = body.get("text");
        if (!absent(text)) {
            if (!text.isObject()) {
                throw invalid("text must be an object");
            }
            onlyFields(text, "text.", "format", "verbosity");
            copy(text, "verbosity", chat, "verbosity");
        }
        JsonNode format = body.path("text").path("format");
        if (!absent(format)) {
            JsonNode responseFormat = responseFormat(format);
            if (responseFormat != null) {
                chat.set("response_format", responseFormat);
            }
        }
        JsonNode tools = body.get("tools");
        if (!absent(tools)) {
            chat.set("tools", tools(tools));
        }
        JsonNode toolChoice = body.get("tool_choice");
        if (!absent(toolChoice)) {
            chat.set("tool_choice", toolChoice(toolChoice));
        }
        return new Translated(chat, BatchJson.text(echo(body)));
    }

    private static ArrayNode messages(JsonNode body) throws InvalidLineException {
        ArrayNode messages = BatchJson.MAPPER.createArrayNode();
        JsonNode instructions = body.get("instructions");
        if (!absent(instructions)) {
            if (!instructions.isTextual()) {
                throw invalid("instructions must be a string");
            }
            messages.addObject().put("role", "system").put("content", instructions.textValue());
        }
        JsonNode input = body.get("input");
        if (absent(input) || (input.isTextual() && input.textValue().isEmpty())) {
            throw new InvalidLineException(
                    BatchErrorCodes.MISSING_MESSAGES, "input is required: a string or an array of input items");
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.textValue());
            return messages;
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new InvalidLineException(
                    BatchErrorCodes.MISSING_MESSAGES, "input must be a string or a non-empty array of input items");
        }
        ArrayNode pendingCalls = null;
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String path = "input[" + i + "].";
            if (!item.isObject()) {
                throw invalid("input[" + i + "] must be an object");
            }
            String type = item.path("type").asText("message");
            if ("function_call".equals(type)) {
                if (pendingCalls == null) {
                    ObjectNode assistant = messages.addObject().put("role", "assistant");
                    pendingCalls = assistant.putArray("tool_calls");
                }
                pendingCalls.add(functionCall(item, path));
                continue;
            }
            pendingCalls = null;
            if ("function_call_output".equals(type)) {
                messages.add(functionCallOutput(item, path));
            } else if ("message".equals(type)) {
                messages.add(message(item, path));
            } else {
                throw unsupported(path + "type '" + type
                        + "' is not supported; use message, function_call or function_call_output items");
            }
        }
        return messages;
    }

    private static ObjectNode message(JsonNode item, String path) throws InvalidLineException {
        String role = item.path("role").asText(null);
        if (role == null || !MESSAGE_ROLES.contains(role)) {
            throw new InvalidLineException(
                    BatchErrorCodes.INVALID_ROLE,
                    path + "role " + (role == null ? "is missing" : "'" + role + "' is unknown")
                            + "; use user, system, developer or assistant");
        }
        ObjectNode message = BatchJson.MAPPER.createObjectNode().put("role", role);
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            message.put("content", content.textValue());
            return message;
        }
        if (content == null || !content.isArray() || content.isEmpty()) {
            throw invalid(path + "content must be a string or a non-empty array of content parts");
        }
        ArrayNode parts = message.putArray("content");
        for (int i = 0; i < content.size(); i++) {
            parts.add(part(content.get(i), path + "content[" + i + "]."));
        }
        return message;
    }

    private static ObjectNode part(JsonNode part, String path) throws InvalidLineException {
        String type = part.path("type").asText(null);
        if ("input_text".equals(type) || "output_text".equals(type)) {
            JsonNode text = part.get("text");
            if (text == null || !text.isTextual()) {
                throw invalid(path + "text is required for a " + type + " part");
            }
            return BatchJson.MAPPER.createObjectNode().put("type", "text").put("text", text.textValue());
        }
        if ("input_image".equals(type)) {
            JsonNode url = part.get("image_url");
            if (url == null || !url.isTextual()) {
                throw unsupported(path + "image_url is required for an input_image part (file_id is not supported)");
            }
            ObjectNode image = BatchJson.MAPPER.createObjectNode().put("type", "image_url");
            ObjectNode imageUrl = image.putObject("image_url").put("url", url.textValue());
            JsonNode detail = part.get("detail");
            if (detail != null && detail.isTextual()) {
                imageUrl.put("detail", detail.textValue());
            }
            return image;
        }
        throw unsupported(path + "type " + (type == null ? "is missing" : "'" + type + "' is not supported")
                + "; use input_text, output_text or input_image");
    }

    private static ObjectNode functionCall(JsonNode item, String path) throws InvalidLineException {
        String callId = requiredText(item, "call_id", path);
        String name = requiredText(item, "name", path);
        String arguments = requiredText(item, "arguments", path);
        ObjectNode call = BatchJson.MAPPER.createObjectNode().put("id", callId).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return call;
    }

    private static ObjectNode functionCallOutput(JsonNode item, String path) throws InvalidLineException {
        String callId = requiredText(item, "call_id", path);
        String output = requiredText(item, "output", path);
        return BatchJson.MAPPER
                .createObjectNode()
                .put("role", "tool")
                .put("tool_call_id", callId)
                .put("content", output);
    }

    private static JsonNode responseFormat(JsonNode format) throws InvalidLineException {
        String type = format.path("type").asText(null);
        if ("text".equals(type)) {
            return null;
        }
        if ("json_object".equals(type)) {
            return BatchJson.MAPPER.createObjectNode().put("type", "json_object");
        }
        if ("json_schema".equals(type)) {
            if (!format.path("schema").isObject()) {
                throw invalid("text.format.schema is required for json_schema: a JSON Schema object");
            }
            ObjectNode responseFormat = BatchJson.MAPPER.createObjectNode().put("type", "json_schema");
            ObjectNode schema = responseFormat.putObject("json_schema");
            schema.put("name", requiredText(format, "name", "text.format."));
            for (String field : new String[] {"description", "schema", "strict"}) {
                if (!absent(format.get(field))) {
                    schema.set(field, format.get(field));
                }
            }
            return responseFormat;
        }
        throw unsupported("text.format.type " + (type == null ? "is missing" : "'" + type + "' is not supported")
                + "; use text, json_object or json_schema");
    }

    private static ArrayNode tools(JsonNode tools) throws InvalidLineException {
        if (!tools.isArray()) {
            throw invalid("tools must be an array");
        }
        ArrayNode chatTools = BatchJson.MAPPER.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText(null);
            if (!"function".equals(type)) {
                throw unsupported("tools[" + i + "].type " + (type == null ? "is missing" : "'" + type + "'")
                        + " is not supported: Roocode runs no built-in tools; use function tools");
            }
            ObjectNode function = BatchJson.MAPPER.createObjectNode();
            function.put("name", requiredText(tool, "name", "tools[" + i + "]."));
            for (String field : new String[] {"description", "parameters", "strict"}) {
                if (!absent(tool.get(field))) {
                    function.set(field, tool.get(field));
                }
            }
            chatTools.addObject().put("type", "function").set("function", function);
        }
        return chatTools;
    }

    private static JsonNode toolChoice(JsonNode choice) throws InvalidLineException {
        if (choice.isTextual()) {
            return choice;
        }
        if ("function".equals(choice.path("type").asText(null))) {
            ObjectNode chatChoice = BatchJson.MAPPER.createObjectNode().put("type", "function");
            chatChoice.putObject("function").put("name", requiredText(choice, "name", "tool_choice."));
            return chatChoice;
        }
        throw unsupported("tool_choice " + choice + " is not supported; use none, auto, required or a function");
    }

    /** What a Responses object repeats of its request; absent ones get OpenAI's defaults when written. */
    private static ObjectNode echo(JsonNode body) {
        ObjectNode echo = BatchJson.MAPPER.createObjectNode();
        for (String field : new String[] {
            "instructions",
            "max_output_tokens",
            "metadata",
            "parallel_tool_calls",
            "temperature",
            "text",
            "tool_choice",
            "tools",
            "top_p",
            "user"
        }) {
            if (!absent(body.get(field))) {
                echo.set(field, body.get(field));
            }
        }
        return echo;
    }

    /** Refuses, naming it, a set field of {@code object} other than {@code known}: none is dropped silently. */
    private static void onlyFields(JsonNode object, String path, String... known) throws InvalidLineException {
        Set<String> allowed = Set.of(known);
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!allowed.contains(field.getKey()) && !absent(field.getValue())) {
                throw unsupported(path + field.getKey() + " is not supported");
            }
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (!absent(value)) {
            to.set(as, value);
        }
    }

    private static String requiredText(JsonNode parent, String field, String path) throws InvalidLineException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw invalid(path + field + " is required: a string");
        }
        return node.textValue();
    }

    private static InvalidLineException unsupported(String message) {
        return new InvalidLineException(BatchErrorCodes.UNSUPPORTED_PARAMETER, message);
    }
}
