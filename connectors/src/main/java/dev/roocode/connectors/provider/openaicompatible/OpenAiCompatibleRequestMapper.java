package dev.roocode.connectors.provider.openaicompatible;

import static dev.roocode.connectors.provider.openaicompatible.OpenAiCompatibleWire.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRequest;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Job → request for any OpenAI-compatible server: the OpenAI body, then the configured renames, then
 * the job's extraBody; auth and extra headers from {@code settings}. A settings mistake fails the job
 * with BAD_REQUEST naming the key instead of sending a request the server would misread.
 */
final class OpenAiCompatibleRequestMapper {

    HttpCall toHttpCall(DispatchedJob dispatched, ProviderConfig config, String apiKey) {
        Job job = dispatched.getJob();
        ObjectNode body =
                OpenAiFormatRequest.body(job, dispatched.getAssignment().getProviderModel());
        String path = job.getKind() == JobKind.EMBEDDING ? EMBEDDINGS_PATH : CHAT_PATH;
        OpenAiCompatibleAdapter.PARAMS.apply(job, body); // before the renames, which may apply to OpenAI params too
        config.getSettings().forEach((key, value) -> {
            if (key.startsWith(RENAME_PREFIX)) {
                OpenAiFormatRequest.rename(body, key.substring(RENAME_PREFIX.length()), value);
            }
        });
        OpenAiFormatRequest.mergeExtraBody(job, body);
        return OpenAiFormatRequest.post(
                job, OpenAiFormatRequest.uri(config.getEndpoint(), path), headers(config, apiKey), body);
    }

    private static Map<String, String> headers(ProviderConfig config, String apiKey) {
        Map<String, String> settings = config.getSettings();
        Map<String, String> headers = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(HEADER_PREFIX)) {
                headers.put(key.substring(HEADER_PREFIX.length()), value);
            }
        });
        headers.putAll(OpenAiFormatRequest.accountHeaders(config));
        String auth = settings.getOrDefault(AUTH, AUTH_BEARER);
        switch (auth) {
            case AUTH_BEARER -> headers.putAll(OpenAiFormatRequest.bearer(apiKey));
            case AUTH_HEADER_STYLE -> {
                String name = settings.get(AUTH_HEADER);
                if (name == null || name.isBlank()) {
                    throw ProviderException.permanent(
                            ErrorClass.BAD_REQUEST,
                            "settings auth=header needs settings " + AUTH_HEADER + " (the header name)");
                }
                if (apiKey != null && !apiKey.isBlank()) {
                    headers.put(name, apiKey);
                }
            }
            case AUTH_NONE -> {}
            default ->
                throw ProviderException.permanent(
                        ErrorClass.BAD_REQUEST, "settings auth='" + auth + "' is not one of bearer, header, none");
        }
        return headers;
    }
}
