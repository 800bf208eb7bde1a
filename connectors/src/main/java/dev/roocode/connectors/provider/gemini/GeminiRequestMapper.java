package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.provider.gemini.GeminiWire.*;
import static dev.roocode.connectors.provider.support.WireJson.invalidJob;
import static dev.roocode.connectors.provider.support.WireJson.present;
import static dev.roocode.connectors.provider.support.WireJson.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.support.DataUri;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Job → {@code POST /v1beta/models/{model}:generateContent} or {@code :batchEmbedContents}. Roles
 * become user/model, system and developer messages {@code systemInstruction}, tool calls
 * {@code functionCall} parts and tool results {@code functionResponse} parts (named after the call
 * they answer, since Gemini matches results by function name). OpenAI JSON Schemas go verbatim into
 * {@code parametersJsonSchema} and {@code responseJsonSchema}, which take JSON Schema, rather than the
 * OpenAPI-subset {@code parameters}/{@code responseSchema}, which reject common keywords such as
 * {@code additionalProperties}.
 */
final class GeminiRequestMapper {
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._/-]+");

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        String model = modelResource(dispatched.getAssignment().getProviderModel());
        ObjectNode body = WireJson.object();
        String method = switch (job.getKind()) {
            case CHAT -> {
                chatBody(job.getChat(), body);
                yield GENERATE;
            }
            case EMBEDDING -> {
                embeddingBody(job.getEmbedding(), model, body);
                yield BATCH_EMBED;
            }
            default -> throw invalidJob("unsupported job kind " + job.getKind());
        };
        WireJson.mergeExtraBody(body, job.getExtraBodyJson());
        String version = "/" + (config.getApiVersion() == null || config.getApiVersion().isBlank() ? DEFAULT_VERSION : config.getApiVersion());
        return new HttpCall(job.getRequestId(), "POST", Endpoints.join(config.getEndpoint(), version, version + "/" + model + method),
                headers(job, apiKey), WireJson.bytes(body));
    }

    /** {@code gemini-2.5-flash} → {@code models/gemini-2.5-flash}; names with a collection ({@code tunedModels/x}) are kept. */
    static String modelResource(String providerModel) {
        if (providerModel == null || !MODEL_ID.matcher(providerModel).matches()) {
            throw unsupported("provider model '" + providerModel + "' is not a valid Gemini model name");
        }
        return providerModel.contains("/") ? providerModel : MODELS + providerModel;
    }

    private static void chatBody(ChatRequest chat, ObjectNode body) {
        if (chat == null || chat.getMessages().isEmpty()) {
            throw invalidJob("CHAT job without messages");
        }
        messages(chat, body);
        generationConfig(chat, body);
        tools(chat, body);
    }

    private static void messages(ChatRequest chat, ObjectNode body) {
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
                default -> throw invalidJob(where + ".role '" + message.getRole() + "' is not system, developer, user, assistant or tool");
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
        if (!contents.isEmpty() && role.equals(contents.get(contents.size() - 1).get(ROLE).asText())) {
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
            throw invalidJob(where + " (tool) toolCallId '" + message.getToolCallId() + "' answers no earlier assistant tool call;"
                    + " gemini needs the function name");
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
        } catch (Exception e) {
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
        return dot < 0 ? Optional.empty() : Optional.ofNullable(IMAGE_EXTENSIONS.get(path.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private static String textOnly(String where, ChatMessage message) {
        if (message.getParts().isEmpty()) {
            return message.getContent() == null ? "" : message.getContent();
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < message.getParts().size(); j++) {
            ContentPart part = message.getParts().get(j);
            if (!"text".equals(part.getType())) {
                throw unsupported(where + ".parts[" + j + "].type '" + part.getType() + "': gemini takes only text in this role");
            }
            text.append(part.getText() == null ? "" : part.getText());
        }
        return text.toString();
    }

    private static ObjectNode textPart(String text) {
        return WireJson.object().put(TEXT, text);
    }

    private static void generationConfig(ChatRequest chat, ObjectNode body) {
        ObjectNode config = WireJson.object();
        if (chat.getTemperature() != null) {
            config.put(TEMPERATURE, chat.getTemperature());
        }
        if (chat.getTopP() != null) {
            config.put(TOP_P, chat.getTopP());
        }
        if (chat.getMaxTokens() != null) {
            config.put(MAX_OUTPUT_TOKENS, chat.getMaxTokens());
        }
        if (!chat.getStop().isEmpty()) {
            ArrayNode stop = config.putArray(STOP_SEQUENCES);
            chat.getStop().forEach(stop::add);
        }
        if (chat.getSeed() != null) {
            if (chat.getSeed() < Integer.MIN_VALUE || chat.getSeed() > Integer.MAX_VALUE) {
                throw unsupported("seed " + chat.getSeed() + ": gemini takes a 32-bit seed");
            }
            config.put(SEED, chat.getSeed().intValue());
        }
        if (present(chat.getResponseFormatJson())) {
            ResponseFormat format = ResponseFormat.parse(chat.getResponseFormatJson());
            if (format.type() != ResponseFormat.Type.TEXT) {
                config.put(RESPONSE_MIME_TYPE, APPLICATION_JSON);
            }
            if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
                config.set(RESPONSE_JSON_SCHEMA, format.schema());
            }
        }
        if (!config.isEmpty()) {
            body.set(GENERATION_CONFIG, config);
        }
    }

    private static void tools(ChatRequest chat, ObjectNode body) {
        boolean strict = false;
        List<OpenAiTools.Function> functions = List.of();
        if (present(chat.getToolsJson())) {
            functions = OpenAiTools.functions(chat.getToolsJson());
            ArrayNode declarations = body.putArray(TOOLS).addObject().putArray(FUNCTION_DECLARATIONS);
            for (OpenAiTools.Function function : functions) {
                ObjectNode declaration = declarations.addObject();
                declaration.put(NAME, function.name());
                if (function.description() != null) {
                    declaration.put(DESCRIPTION, function.description());
                }
                declaration.set(PARAMETERS_JSON_SCHEMA, function.parameters());
                strict |= Boolean.TRUE.equals(function.strict());
            }
        }
        OpenAiTools.Choice choice = present(chat.getToolChoiceJson()) ? OpenAiTools.choice(chat.getToolChoiceJson()) : null;
        // strict function calling = Gemini's VALIDATED mode (constrained decoding of calls) unless calls are forced or off
        String mode = choice == null ? (strict ? "VALIDATED" : null) : switch (choice.mode()) {
            case AUTO -> strict ? "VALIDATED" : "AUTO";
            case NONE -> "NONE";
            case REQUIRED, FUNCTION -> "ANY";
        };
        if (mode != null) {
            ObjectNode config = body.putObject(TOOL_CONFIG).putObject(FUNCTION_CALLING_CONFIG);
            config.put(MODE, mode);
            if (choice != null && choice.mode() == OpenAiTools.ChoiceMode.FUNCTION) {
                config.putArray(ALLOWED_FUNCTION_NAMES).add(choice.function());
            }
        }
    }

    private static void embeddingBody(EmbeddingRequest embedding, String model, ObjectNode body) {
        if (embedding == null || embedding.getInput().isEmpty()) {
            throw invalidJob("EMBEDDING job without input");
        }
        String taskType = taskType(embedding.getInputType());
        ArrayNode requests = body.putArray(REQUESTS);
        for (String text : embedding.getInput()) {
            ObjectNode request = requests.addObject();
            request.put(MODEL, model);
            request.putObject(CONTENT).putArray(PARTS).addObject().put(TEXT, text);
            if (taskType != null) {
                request.put(TASK_TYPE, taskType);
            }
            if (embedding.getDimensions() != null) {
                request.put(OUTPUT_DIMENSIONALITY, embedding.getDimensions());
            }
        }
    }

    /** Gemini task types as they are (any case), Cohere input types translated; anything else is BAD_REQUEST. */
    static String taskType(String inputType) {
        if (inputType == null || inputType.isBlank()) {
            return null;
        }
        String upper = inputType.trim().toUpperCase(Locale.ROOT);
        if (TASK_TYPES.contains(upper)) {
            return upper;
        }
        String translated = COHERE_INPUT_TYPES.get(inputType.trim().toLowerCase(Locale.ROOT));
        if (translated == null) {
            throw unsupported("embedding.inputType '" + inputType + "' has no gemini taskType; use one of " + TASK_TYPES.stream().sorted().toList());
        }
        return translated;
    }

    private static Map<String, String> headers(Job job, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put(ProviderAdapter.REQUEST_ID_HEADER, job.getRequestId());
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(API_KEY, apiKey);
        }
        return headers;
    }
}
