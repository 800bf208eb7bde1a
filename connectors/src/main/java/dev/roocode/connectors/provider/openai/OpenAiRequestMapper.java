package dev.roocode.connectors.provider.openai;

import static dev.roocode.connectors.provider.openai.OpenAiWire.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRequest;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatWire;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Job → OpenAI request: the OpenAI-format body ({@code max_completion_tokens} for reasoning models),
 * {@code Authorization: Bearer}, and {@code OpenAI-Organization}/{@code OpenAI-Project} when the
 * provider config names them.
 */
final class OpenAiRequestMapper {

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        String model = dispatched.getAssignment().getProviderModel();
        ObjectNode body;
        String path;
        switch (job.getKind()) {
            case CHAT -> {
                body = OpenAiFormatRequest.chatBody(job, model);
                OpenAiFormatRequest.maxCompletionTokensForReasoningModels(body, model);
                path = CHAT_PATH;
            }
            case EMBEDDING -> {
                body = OpenAiFormatRequest.embeddingBody(job, model);
                path = EMBEDDINGS_PATH;
            }
            default -> throw ProviderException.permanent(ErrorClass.INVALID_JOB, "unsupported job kind " + job.getKind());
        }
        OpenAiFormatRequest.mergeExtraBody(job, body);
        String endpoint = config.getEndpoint() == null || config.getEndpoint().isBlank() ? DEFAULT_ENDPOINT : config.getEndpoint();
        return OpenAiFormatRequest.post(job, OpenAiFormatRequest.uri(endpoint, path), headers(config, apiKey), body);
    }

    private static Map<String, String> headers(ProviderConfig config, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>(OpenAiFormatRequest.bearer(apiKey));
        if (config.getOrganization() != null && !config.getOrganization().isBlank()) {
            headers.put(OpenAiFormatWire.ORGANIZATION, config.getOrganization());
        }
        if (config.getProject() != null && !config.getProject().isBlank()) {
            headers.put(OpenAiFormatWire.PROJECT, config.getProject());
        }
        return headers;
    }
}
