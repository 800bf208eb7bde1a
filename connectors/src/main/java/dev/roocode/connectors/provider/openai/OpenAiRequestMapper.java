package dev.roocode.connectors.provider.openai;

import static dev.roocode.connectors.provider.openai.OpenAiWire.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRequest;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
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
        ObjectNode body = OpenAiFormatRequest.body(job, model);
        OpenAiFormatRequest.maxCompletionTokensForReasoningModels(body, model);
        String path = job.getKind() == JobKind.EMBEDDING ? EMBEDDINGS_PATH : CHAT_PATH;
        OpenAiAdapter.PARAMS.apply(job, body);
        OpenAiFormatRequest.mergeExtraBody(job, body);
        String endpoint = config.getEndpoint() == null || config.getEndpoint().isBlank()
                ? DEFAULT_ENDPOINT
                : config.getEndpoint();
        return OpenAiFormatRequest.post(job, OpenAiFormatRequest.uri(endpoint, path), headers(config, apiKey), body);
    }

    private static Map<String, String> headers(ProviderConfig config, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>(OpenAiFormatRequest.bearer(apiKey));
        headers.putAll(OpenAiFormatRequest.accountHeaders(config));
        return headers;
    }
}
