package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.azureopenai.AzureOpenAiAdapter;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Azure OpenAI global batch ({@code /openai/files}, {@code /openai/batches} with {@code api-version}) for the
 * {@code azure-openai} type. A line's {@code model} is the deployment the realtime adapter addresses (the
 * config's {@code deployments} entry, else the provider model): it must be a Global Batch deployment. Lines
 * and the batch use {@code /chat/completions} or {@code /embeddings}, without {@code /v1}; calls carry the
 * realtime credential ({@code api-key}, or a Bearer token with {@code settings.auth=bearer}).
 */
public final class AzureOpenAiBatchApi extends OpenAiFormatBatchApi {

    private static final String DEPLOYMENTS = "/openai/deployments/";

    public AzureOpenAiBatchApi(ProviderConfig config, String apiKey, Transport transport) {
        super(config, apiKey, ProviderAdapters.forType(AzureOpenAiAdapter.TYPE), transport);
    }

    @Override
    URI uri(String path, String query) {
        String version = "api-version=" + encode(AzureOpenAiAdapter.apiVersion(config));
        return Endpoints.join(
                config.getEndpoint(), null, "/openai" + path, query == null ? version : query + "&" + version);
    }

    @Override
    Map<String, String> auth() {
        return AzureOpenAiAdapter.authHeaders(config, apiKey);
    }

    @Override
    String endpoint(JobKind kind) {
        return kind == JobKind.EMBEDDING ? "/embeddings" : "/chat/completions";
    }

    /** The realtime body with the deployment of the realtime URL as its model, as global batch requires. */
    @Override
    ObjectNode lineBody(HttpCall realtime, ObjectNode body) {
        String path = realtime.uri().getRawPath();
        int start = path.indexOf(DEPLOYMENTS);
        int end = start < 0 ? -1 : path.indexOf('/', start + DEPLOYMENTS.length());
        if (end < 0) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "the azure-openai request has no deployment in its URL");
        }
        body.put("model", URLDecoder.decode(path.substring(start + DEPLOYMENTS.length(), end), StandardCharsets.UTF_8));
        return body;
    }
}
