package dev.roocode.connectors.provider.azureopenai;

import static dev.roocode.connectors.provider.azureopenai.AzureOpenAiWire.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRequest;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Job → Azure OpenAI request: {@code {endpoint}/openai/deployments/{deployment}/chat/completions
 * ?api-version=...} (or {@code /embeddings}) with the OpenAI-format body. The deployment is the
 * config's {@code deployments} entry for the job's logical model, else the assigned provider model;
 * the key goes in {@code api-key}, or as a Bearer token when {@code settings.auth=bearer}.
 */
final class AzureOpenAiRequestMapper {

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        String model = dispatched.getAssignment().getProviderModel();
        ObjectNode body = OpenAiFormatRequest.body(job, model);
        OpenAiFormatRequest.maxCompletionTokensForReasoningModels(body, model);
        String operation = job.getKind() == JobKind.EMBEDDING ? EMBEDDINGS : CHAT;
        AzureOpenAiAdapter.PARAMS.apply(job, body);
        OpenAiFormatRequest.mergeExtraBody(job, body);
        String deployment = config.getDeployments().getOrDefault(job.getModel(), model);
        String version = apiVersion(config);
        URI uri = Endpoints.join(
                config.getEndpoint(),
                null,
                DEPLOYMENTS + encode(deployment) + operation,
                API_VERSION + "=" + encode(version));
        return OpenAiFormatRequest.post(job, uri, auth(config, apiKey), body);
    }

    /** The config's api-version, else the latest GA one. */
    static String apiVersion(ProviderConfig config) {
        return config.getApiVersion() == null || config.getApiVersion().isBlank()
                ? DEFAULT_API_VERSION
                : config.getApiVersion();
    }

    static Map<String, String> auth(ProviderConfig config, String apiKey) {
        String style = config.getSettings().getOrDefault(AUTH, AUTH_API_KEY);
        if (AUTH_BEARER.equals(style)) {
            return OpenAiFormatRequest.bearer(apiKey);
        }
        if (!AUTH_API_KEY.equals(style)) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "settings auth='" + style + "' is not one of api-key, bearer");
        }
        return apiKey == null || apiKey.isBlank() ? Map.of() : Map.of(API_KEY, apiKey);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
