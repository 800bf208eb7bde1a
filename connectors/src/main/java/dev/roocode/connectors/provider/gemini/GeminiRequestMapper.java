package dev.roocode.connectors.provider.gemini;

import static dev.roocode.connectors.provider.gemini.GeminiWire.*;
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
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Job → {@code POST /v1beta/models/{model}:generateContent} or {@code :batchEmbedContents}. Messages
 * are translated by {@link GeminiContents}; this class maps sampling, JSON output, tools and
 * embeddings. OpenAI JSON Schemas go verbatim into
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
        GeminiParams.POLICY.apply(job, body);
        WireJson.mergeExtraBody(body, job.getExtraBodyJson());
        String version = "/"
                + (config.getApiVersion() == null || config.getApiVersion().isBlank()
                        ? DEFAULT_VERSION
                        : config.getApiVersion());
        return new HttpCall(
                job.getRequestId(),
                "POST",
                Endpoints.join(config.getEndpoint(), version, version + "/" + model + method),
                headers(job, apiKey),
                WireJson.bytes(body));
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
        GeminiContents.messages(chat, body);
        generationConfig(chat, body);
        tools(chat, body);
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
        OpenAiTools.Choice choice =
                present(chat.getToolChoiceJson()) ? OpenAiTools.choice(chat.getToolChoiceJson()) : null;
        // strict function calling = Gemini's VALIDATED mode (constrained decoding of calls) unless calls are forced or
        // off
        String mode = choice == null
                ? (strict ? "VALIDATED" : null)
                : switch (choice.mode()) {
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
            throw unsupported("embedding.inputType '" + inputType + "' has no gemini taskType; use one of "
                    + TASK_TYPES.stream().sorted().toList());
        }
        return translated;
    }

    private static Map<String, String> headers(Job job, String apiKey) {
        Map<String, String> headers = Endpoints.jsonHeaders(job.getRequestId());
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(API_KEY, apiKey);
        }
        return headers;
    }
}
