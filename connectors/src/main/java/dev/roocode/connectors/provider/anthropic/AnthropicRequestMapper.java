package dev.roocode.connectors.provider.anthropic;

import static dev.roocode.connectors.provider.anthropic.AnthropicWire.*;
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
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.Locale;
import java.util.Map;

/**
 * Job → {@code POST /v1/messages}. Messages are translated by {@link AnthropicMessages}; this class
 * maps sampling, tools and headers. {@code max_tokens} is required by Anthropic, so it is always set. Job
 * fields Anthropic cannot honour (seed, JSON response formats, participant names) are BAD_REQUEST
 * naming the field rather than dropped.
 */
final class AnthropicRequestMapper {

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        if (job.getKind() == JobKind.EMBEDDING) {
            throw unsupported("anthropic has no embeddings API");
        }
        if (job.getKind() != JobKind.CHAT) {
            throw invalidJob("unsupported job kind " + job.getKind());
        }
        ChatRequest chat = job.getChat();
        if (chat == null || chat.getMessages().isEmpty()) {
            throw invalidJob("CHAT job without messages");
        }
        rejectUnsupported(chat);
        String model = dispatched.getAssignment().getProviderModel();
        ObjectNode body = WireJson.object();
        body.put(MODEL, model);
        body.put(MAX_TOKENS, maxTokens(chat, config, model));
        AnthropicMessages.messages(chat, body);
        sampling(chat, body);
        tools(chat, body);
        AnthropicParams.POLICY.apply(job, body);
        WireJson.mergeExtraBody(body, job.getExtraBodyJson());
        return new HttpCall(
                job.getRequestId(),
                "POST",
                Endpoints.join(config.getEndpoint(), VERSION_PREFIX, MESSAGES_PATH),
                headers(job, config, apiKey),
                WireJson.bytes(body));
    }

    private static void rejectUnsupported(ChatRequest chat) {
        if (chat.getSeed() != null) {
            throw unsupported("seed: anthropic has no seed parameter");
        }
        if (present(chat.getResponseFormatJson())) {
            ResponseFormat format = ResponseFormat.parse(chat.getResponseFormatJson());
            if (format.type() != ResponseFormat.Type.TEXT) {
                throw unsupported("responseFormatJson " + format.type().name().toLowerCase(Locale.ROOT)
                        + ": anthropic has no response_format"
                        + " (ask for JSON in the prompt, or pass output_config through extraBodyJson)");
            }
        }
        if (chat.getTemperature() != null && (chat.getTemperature() < 0 || chat.getTemperature() > 1)) {
            throw unsupported("temperature " + chat.getTemperature() + ": anthropic accepts 0 to 1");
        }
    }

    /** The job's max_tokens, else the model offer's maxOutputTokens, else {@link AnthropicWire#DEFAULT_MAX_TOKENS}. */
    static int maxTokens(ChatRequest chat, ProviderConfig config, String providerModel) {
        if (chat.getMaxTokens() != null) {
            return chat.getMaxTokens();
        }
        return config.getOffers().stream()
                .filter(offer -> offer.getKind() == JobKind.CHAT && providerModel.equals(offer.getProviderModel()))
                .map(ModelOffer::getMaxOutputTokens)
                .filter(max -> max != null && max > 0)
                .findFirst()
                .orElse(DEFAULT_MAX_TOKENS);
    }

    private static void sampling(ChatRequest chat, ObjectNode body) {
        if (chat.getTemperature() != null) {
            body.put(TEMPERATURE, chat.getTemperature());
        }
        if (chat.getTopP() != null) {
            body.put(TOP_P, chat.getTopP());
        }
        if (!chat.getStop().isEmpty()) {
            ArrayNode stop = body.putArray(STOP_SEQUENCES);
            chat.getStop().forEach(stop::add);
        }
    }

    private static void tools(ChatRequest chat, ObjectNode body) {
        if (present(chat.getToolsJson())) {
            ArrayNode tools = body.putArray(TOOLS);
            for (OpenAiTools.Function function : OpenAiTools.functions(chat.getToolsJson())) {
                ObjectNode tool = tools.addObject();
                tool.put(NAME, function.name());
                if (function.description() != null) {
                    tool.put(DESCRIPTION, function.description());
                }
                tool.set(INPUT_SCHEMA, function.parameters());
                if (function.strict() != null) {
                    tool.put(STRICT, function.strict());
                }
            }
        }
        if (present(chat.getToolChoiceJson())) {
            OpenAiTools.Choice choice = OpenAiTools.choice(chat.getToolChoiceJson());
            ObjectNode toolChoice = body.putObject(TOOL_CHOICE);
            switch (choice.mode()) {
                case AUTO -> toolChoice.put(TYPE, "auto");
                case NONE -> toolChoice.put(TYPE, "none");
                case REQUIRED -> toolChoice.put(TYPE, "any");
                case FUNCTION -> {
                    toolChoice.put(TYPE, "tool");
                    toolChoice.put(NAME, choice.function());
                }
            }
        }
    }

    private static Map<String, String> headers(Job job, ProviderConfig config, String apiKey) {
        Map<String, String> headers = Endpoints.jsonHeaders(job.getRequestId());
        headers.put(
                VERSION,
                config.getApiVersion() == null || config.getApiVersion().isBlank()
                        ? DEFAULT_VERSION
                        : config.getApiVersion());
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(API_KEY, apiKey);
        }
        return headers;
    }
}
