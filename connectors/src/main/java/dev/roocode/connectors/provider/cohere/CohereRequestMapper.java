package dev.roocode.connectors.provider.cohere;

import static dev.roocode.connectors.provider.cohere.CohereWire.*;
import static dev.roocode.connectors.provider.support.WireJson.invalidJob;
import static dev.roocode.connectors.provider.support.WireJson.present;
import static dev.roocode.connectors.provider.support.WireJson.unsupported;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.connectors.provider.support.OpenAiTools;
import dev.roocode.connectors.provider.support.ResponseFormat;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Job → {@code POST /v2/chat} or {@code POST /v2/embed}. Cohere v2 messages are close to OpenAI's:
 * the differences are {@code p} for top_p, {@code stop_sequences}, {@code tool_plan} for the text an
 * assistant says alongside its tool calls, {@code strict_tools} instead of per-function
 * {@code strict}, and a tool choice of only REQUIRED or NONE (a forced function is sent as REQUIRED
 * with that function as the only tool). A JSON schema goes in {@code response_format.json_schema}.
 */
final class CohereRequestMapper {

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        ObjectNode body = WireJson.object();
        body.put(MODEL, dispatched.getAssignment().getProviderModel());
        String path = switch (job.getKind()) {
            case CHAT -> {
                chatBody(job.getChat(), body);
                yield CHAT_PATH;
            }
            case EMBEDDING -> {
                embedBody(job.getEmbedding(), body);
                yield EMBED_PATH;
            }
            default -> throw invalidJob("unsupported job kind " + job.getKind());
        };
        CohereParams.POLICY.apply(job, body);
        WireJson.mergeExtraBody(body, job.getExtraBodyJson());
        URI uri = Endpoints.join(config.getEndpoint(), VERSION_PREFIX, path);
        return new HttpCall(job.getRequestId(), "POST", uri, headers(job, apiKey), WireJson.bytes(body));
    }

    private static void chatBody(ChatRequest chat, ObjectNode body) {
        if (chat == null || chat.getMessages().isEmpty()) {
            throw invalidJob("CHAT job without messages");
        }
        body.put(STREAM, false);
        ArrayNode messages = body.putArray(MESSAGES);
        for (int i = 0; i < chat.getMessages().size(); i++) {
            messages.add(message("messages[" + i + "]", chat.getMessages().get(i)));
        }
        if (chat.getTemperature() != null) {
            body.put(TEMPERATURE, chat.getTemperature());
        }
        if (chat.getTopP() != null) {
            body.put(P, chat.getTopP());
        }
        if (chat.getMaxTokens() != null) {
            body.put(MAX_TOKENS, chat.getMaxTokens());
        }
        if (!chat.getStop().isEmpty()) {
            ArrayNode stop = body.putArray(STOP_SEQUENCES);
            chat.getStop().forEach(stop::add);
        }
        if (chat.getSeed() != null) {
            body.put(SEED, chat.getSeed());
        }
        responseFormat(chat, body);
        tools(chat, body);
    }

    private static ObjectNode message(String where, ChatMessage message) {
        if (message.getName() != null) {
            throw unsupported(where + ".name: cohere has no participant names");
        }
        ObjectNode node = WireJson.object();
        switch (message.getRole()) {
            case "system", "developer" -> {
                node.put(ROLE, "system");
                node.put(CONTENT, textOnly(where, message));
            }
            case "user" -> {
                node.put(ROLE, "user");
                userContent(where, message, node);
            }
            case "assistant" -> {
                node.put(ROLE, "assistant");
                assistant(where, message, node);
            }
            case "tool" -> {
                if (message.getToolCallId() == null) {
                    throw invalidJob(where + " (tool) has no toolCallId");
                }
                node.put(ROLE, "tool");
                node.put(TOOL_CALL_ID, message.getToolCallId());
                node.put(CONTENT, textOnly(where, message));
            }
            default ->
                throw invalidJob(
                        where + ".role '" + message.getRole() + "' is not system, developer, user, assistant or tool");
        }
        return node;
    }

    private static void userContent(String where, ChatMessage message, ObjectNode node) {
        if (message.getParts().isEmpty()) {
            if (message.getContent() == null) {
                throw invalidJob(where + " has no content");
            }
            node.put(CONTENT, message.getContent());
            return;
        }
        ArrayNode content = node.putArray(CONTENT);
        for (int j = 0; j < message.getParts().size(); j++) {
            ContentPart part = message.getParts().get(j);
            ObjectNode item = content.addObject();
            if ("text".equals(part.getType())) {
                item.put(TYPE, TEXT);
                item.put(TEXT, part.getText() == null ? "" : part.getText());
            } else if ("image_url".equals(part.getType())) {
                if (part.getImageUrl() == null) {
                    throw invalidJob(where + ".parts[" + j + "] has no imageUrl");
                }
                item.put(TYPE, IMAGE_URL);
                ObjectNode image = item.putObject(IMAGE_URL);
                image.put(URL, part.getImageUrl());
                if (part.getDetail() != null) {
                    if (!IMAGE_DETAILS.contains(part.getDetail())) {
                        throw unsupported(where + ".parts[" + j + "].detail '" + part.getDetail()
                                + "': cohere takes auto, low or high");
                    }
                    image.put(DETAIL, part.getDetail());
                }
            } else {
                throw unsupported(where + ".parts[" + j + "].type '" + part.getType() + "' is not supported by cohere");
            }
        }
    }

    /** Text said alongside tool calls is Cohere's {@code tool_plan}; without tool calls it is the content. */
    private static void assistant(String where, ChatMessage message, ObjectNode node) {
        String text = message.getParts().isEmpty() ? message.getContent() : textOnly(where, message);
        if (!present(message.getToolCallsJson())) {
            if (text == null) {
                throw invalidJob(where + " (assistant) has neither content nor tool calls");
            }
            node.put(CONTENT, text);
            return;
        }
        if (text != null && !text.isEmpty()) {
            node.put(TOOL_PLAN, text);
        }
        ArrayNode calls = node.putArray(TOOL_CALLS);
        for (OpenAiTools.Call call : OpenAiTools.calls(where + ".toolCallsJson", message.getToolCallsJson())) {
            calls.add(OpenAiTools.toOpenAi(call.id(), call.name(), call.arguments()));
        }
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
                        where + ".parts[" + j + "].type '" + part.getType() + "': cohere takes only text in this role");
            }
            text.append(part.getText() == null ? "" : part.getText());
        }
        return text.toString();
    }

    private static void responseFormat(ChatRequest chat, ObjectNode body) {
        if (!present(chat.getResponseFormatJson())) {
            return;
        }
        ResponseFormat format = ResponseFormat.parse(chat.getResponseFormatJson());
        ObjectNode node = body.putObject(RESPONSE_FORMAT);
        switch (format.type()) {
            case TEXT -> node.put(TYPE, TEXT);
            case JSON_OBJECT -> node.put(TYPE, JSON_OBJECT);
            case JSON_SCHEMA -> {
                node.put(TYPE, JSON_OBJECT);
                node.set(JSON_SCHEMA, format.schema());
            }
        }
    }

    private static void tools(ChatRequest chat, ObjectNode body) {
        OpenAiTools.Choice choice =
                present(chat.getToolChoiceJson()) ? OpenAiTools.choice(chat.getToolChoiceJson()) : null;
        if (present(chat.getToolsJson())) {
            List<OpenAiTools.Function> functions = OpenAiTools.functions(chat.getToolsJson());
            if (choice != null && choice.mode() == OpenAiTools.ChoiceMode.FUNCTION) {
                functions = functions.stream()
                        .filter(f -> f.name().equals(choice.function()))
                        .toList();
                if (functions.isEmpty()) {
                    throw invalidJob(
                            "toolChoiceJson names function '" + choice.function() + "', which is not in toolsJson");
                }
            }
            long strict = functions.stream()
                    .filter(f -> Boolean.TRUE.equals(f.strict()))
                    .count();
            if (strict > 0 && strict < functions.size()) {
                throw unsupported(
                        "toolsJson: cohere applies strict to all tools or none (strict_tools); mark all or none strict");
            }
            ArrayNode tools = body.putArray(TOOLS);
            for (OpenAiTools.Function function : functions) {
                ObjectNode tool = tools.addObject();
                tool.put(TYPE, FUNCTION);
                ObjectNode node = tool.putObject(FUNCTION);
                node.put(NAME, function.name());
                if (function.description() != null) {
                    node.put(DESCRIPTION, function.description());
                }
                node.set(PARAMETERS, function.parameters());
            }
            if (strict > 0) {
                body.put(STRICT_TOOLS, true);
            }
        }
        if (choice != null) {
            switch (choice.mode()) {
                case AUTO -> {} // Cohere's default: the model decides
                case NONE -> body.put(TOOL_CHOICE, "NONE");
                case REQUIRED, FUNCTION -> body.put(TOOL_CHOICE, "REQUIRED");
            }
        }
    }

    private static void embedBody(EmbeddingRequest embedding, ObjectNode body) {
        if (embedding == null || embedding.getInput().isEmpty()) {
            throw invalidJob("EMBEDDING job without input");
        }
        if (embedding.getInput().size() > MAX_TEXTS) {
            throw unsupported("embedding.input has " + embedding.getInput().size() + " texts; cohere embeds at most "
                    + MAX_TEXTS + " per call");
        }
        ArrayNode texts = body.putArray(TEXTS);
        embedding.getInput().forEach(texts::add);
        body.put(INPUT_TYPE, inputType(embedding.getInputType()));
        body.putArray(EMBEDDING_TYPES).add(FLOAT);
        if (embedding.getDimensions() != null) {
            body.put(OUTPUT_DIMENSION, embedding.getDimensions());
        }
    }

    /** Cohere input types as they are (any case), Gemini task types translated, {@code search_document} when unset. */
    static String inputType(String inputType) {
        if (inputType == null || inputType.isBlank()) {
            return DEFAULT_INPUT_TYPE;
        }
        String lower = inputType.trim().toLowerCase(Locale.ROOT);
        if (INPUT_TYPES.contains(lower)) {
            return lower;
        }
        String translated = GEMINI_TASK_TYPES.get(inputType.trim().toUpperCase(Locale.ROOT));
        if (translated == null) {
            throw unsupported("embedding.inputType '" + inputType + "' has no cohere input_type; use one of "
                    + INPUT_TYPES.stream().sorted().toList());
        }
        return translated;
    }

    private static Map<String, String> headers(Job job, String apiKey) {
        Map<String, String> headers = Endpoints.jsonHeaders(job.getRequestId());
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(AUTHORIZATION, "Bearer " + apiKey);
        }
        return headers;
    }
}
