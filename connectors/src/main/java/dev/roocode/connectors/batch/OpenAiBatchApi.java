package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.openai.OpenAiAdapter;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRequest;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's Batch API ({@code /v1/files}, {@code /v1/batches}) for the {@code openai} type: lines carry the
 * realtime adapter's body unchanged at {@code /v1/chat/completions} or {@code /v1/embeddings}; calls carry
 * {@code Authorization: Bearer} and the config's organization and project headers.
 */
public final class OpenAiBatchApi extends OpenAiFormatBatchApi {

    private static final String DEFAULT_ENDPOINT = "https://api.openai.com";

    public OpenAiBatchApi(ProviderConfig config, String apiKey, Transport transport) {
        super(config, apiKey, ProviderAdapters.forType(OpenAiAdapter.TYPE), transport);
    }

    @Override
    URI uri(String path, String query) {
        String endpoint = config.getEndpoint() == null || config.getEndpoint().isBlank()
                ? DEFAULT_ENDPOINT
                : config.getEndpoint();
        URI uri = OpenAiFormatRequest.uri(endpoint, "/v1" + path);
        return query == null ? uri : URI.create(uri + "?" + query);
    }

    @Override
    Map<String, String> auth() {
        Map<String, String> headers = new LinkedHashMap<>(OpenAiFormatRequest.bearer(apiKey));
        headers.putAll(OpenAiFormatRequest.accountHeaders(config));
        return headers;
    }

    @Override
    String endpoint(JobKind kind) {
        return kind == JobKind.EMBEDDING ? "/v1/embeddings" : "/v1/chat/completions";
    }

    @Override
    ObjectNode lineBody(HttpCall realtime, ObjectNode body) {
        return body;
    }
}
