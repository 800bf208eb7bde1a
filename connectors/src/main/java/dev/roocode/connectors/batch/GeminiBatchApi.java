package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gemini batch mode ({@code POST /v1beta/models/{model}:batchGenerateContent} with every request inline, each
 * tagged {@code metadata.key = custom id}; the batch's {@code displayName} is the group id, which {@link #find}
 * matches in {@code GET /v1beta/batches}). Each request is the GenerateContentRequest the realtime adapter
 * sends; the finished operation's inlined responses are parsed with the realtime response mapper and
 * classifier ({@link GeminiBatchResults}). Chat only: Gemini batches embeddings through another method.
 */
public final class GeminiBatchApi implements ProviderBatchApi {
    private static final Logger log = LoggerFactory.getLogger(GeminiBatchApi.class);

    /** How many listed batches {@link #find} looks at before it gives up. */
    static final int FIND_LIMIT = 1000;
    /** Gemini expires a batch that has not finished 48 hours after it was created. */
    static final Duration EXPIRY = Duration.ofHours(48);

    private static final String DEFAULT_VERSION = "v1beta";
    private static final String API_KEY = "x-goog-api-key";
    private static final Pattern BATCH_NAME = Pattern.compile("batches/[A-Za-z0-9_-]{1,200}");
    private static final Duration MIN_RESULTS_TIMEOUT = Duration.ofMinutes(5);

    private final ProviderConfig config;
    private final String apiKey;
    private final ProviderAdapter adapter = ProviderAdapters.forType("gemini");
    private final NativeBatchHttp http;
    private final Duration resultsTimeout;

    /**
     * @param apiKey    the resolved key, or null when the endpoint needs none; never put in messages
     * @param transport the connectors' HTTP transport ({@code HttpTransport.over} the batcher's client)
     */
    public GeminiBatchApi(ProviderConfig config, String apiKey, Transport transport) {
        this.config = config;
        this.apiKey = apiKey;
        Duration timeout = Duration.ofMillis(Math.max(1, config.getTimeoutMs()));
        this.http = new NativeBatchHttp(transport, adapter, timeout);
        this.resultsTimeout = timeout.compareTo(MIN_RESULTS_TIMEOUT) > 0 ? timeout : MIN_RESULTS_TIMEOUT;
    }

    @Override
    public ProviderBatchRef submit(String groupId, List<BatchLine> lines) {
        if (lines.isEmpty()) {
            throw ProviderException.permanent(ErrorClass.BAD_REQUEST, "a provider batch needs at least one line");
        }
        if (groupId == null || groupId.isBlank()) {
            throw ProviderException.permanent(ErrorClass.BAD_REQUEST, "a gemini batch needs a group id");
        }
        ArrayNode requests = WireJson.MAPPER.createArrayNode();
        String model = null;
        Map<String, String> headers = null;
        Set<String> seen = new HashSet<>();
        for (BatchLine line : lines) {
            if (line.job().getJob().getKind() != JobKind.CHAT) {
                throw ProviderException.permanent(
                        ErrorClass.BAD_REQUEST,
                        "gemini batch mode here takes chat jobs only, line " + line.customId() + " is "
                                + line.job().getJob().getKind());
            }
            if (!seen.add(line.customId())) {
                throw ProviderException.permanent(
                        ErrorClass.BAD_REQUEST, "custom id '" + line.customId() + "' appears twice in the batch");
            }
            String lineModel = line.job().getAssignment().getProviderModel();
            if (model != null && !model.equals(lineModel)) {
                throw ProviderException.permanent(
                        ErrorClass.BAD_REQUEST, "one provider batch holds one model: " + model + " and " + lineModel);
            }
            model = lineModel;
            HttpCall call = adapter.toHttpCall(line.job(), config, apiKey);
            if (headers == null) {
                headers = new LinkedHashMap<>(call.headers());
                headers.remove(ProviderAdapter.REQUEST_ID_HEADER);
            }
            ObjectNode request = requests.addObject();
            request.set("request", WireJson.answerObject(call.body()));
            request.putObject("metadata").put("key", line.customId());
        }
        String modelResource = model.contains("/") ? model : "models/" + model;
        ObjectNode body = WireJson.object();
        ObjectNode batch = body.putObject("batch");
        batch.put("displayName", groupId);
        batch.put("model", modelResource);
        batch.putObject("inputConfig").putObject("requests").set("requests", requests);
        JsonNode operation = WireJson.answerObject(http.send(
                        "POST", uri("/" + modelResource + ":batchGenerateContent", null), headers, WireJson.bytes(body))
                .body());
        ProviderBatchRef ref = ref(operation);
        log.info("submitted gemini batch {} for group {} ({} lines)", ref.id(), groupId, lines.size());
        return ref;
    }

    @Override
    public Optional<ProviderBatchRef> find(String groupId) {
        String pageToken = null;
        int looked = 0;
        while (looked < FIND_LIMIT) {
            String query = "pageSize=100"
                    + (pageToken == null ? "" : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
            JsonNode page = WireJson.answerObject(
                    http.send("GET", uri("/batches", query), headers(), null).body());
            for (JsonNode operation : page.path("operations")) {
                looked++;
                if (groupId.equals(WireJson.text(operation.path("metadata").get("displayName")))) {
                    return Optional.of(ref(operation));
                }
            }
            pageToken = WireJson.text(page.get("nextPageToken"));
            if (pageToken == null || pageToken.isEmpty()) {
                break;
            }
        }
        return Optional.empty();
    }

    @Override
    public ProviderBatchStatus status(ProviderBatchRef batch) {
        return status(operation(batch, http.timeout()));
    }

    @Override
    public Map<String, LineOutcome> results(ProviderBatchRef batch) {
        return GeminiBatchResults.parse(adapter, operation(batch, resultsTimeout));
    }

    @Override
    public void cancel(ProviderBatchRef batch) {
        http.send("POST", uri("/" + name(batch) + ":cancel", null), headers(), null);
    }

    /** A batch operation in OpenAI's lifecycle words; counts from its batchStats (int64 as strings). */
    static ProviderBatchStatus status(JsonNode operation) {
        JsonNode metadata = operation.path("metadata");
        String state = metadata.path("state").asText("");
        ProviderBatchStatus.State mapped = switch (state) {
            case "BATCH_STATE_PENDING" -> ProviderBatchStatus.State.VALIDATING;
            case "BATCH_STATE_SUCCEEDED" -> ProviderBatchStatus.State.COMPLETED;
            case "BATCH_STATE_FAILED" -> ProviderBatchStatus.State.FAILED;
            case "BATCH_STATE_CANCELLED" -> ProviderBatchStatus.State.CANCELLED;
            case "BATCH_STATE_EXPIRED" -> ProviderBatchStatus.State.EXPIRED;
            default -> doneWithoutState(operation);
        };
        JsonNode stats = metadata.path("batchStats");
        Instant created = instant(WireJson.text(metadata.get("createTime")));
        return new ProviderBatchStatus(
                mapped,
                created == null ? null : created.plus(EXPIRY),
                count(stats.get("successfulRequestCount")),
                count(stats.get("failedRequestCount")));
    }

    /** RUNNING, UNSPECIFIED or a state added later: running until the operation says it is done. */
    private static ProviderBatchStatus.State doneWithoutState(JsonNode operation) {
        if (!operation.path("done").asBoolean(false)) {
            return ProviderBatchStatus.State.IN_PROGRESS;
        }
        if (operation.path("error").isObject()) {
            return operation.path("error").path("code").asInt() == 1
                    ? ProviderBatchStatus.State.CANCELLED
                    : ProviderBatchStatus.State.FAILED;
        }
        return ProviderBatchStatus.State.COMPLETED;
    }

    private JsonNode operation(ProviderBatchRef batch, Duration timeout) {
        return WireJson.answerObject(http.send("GET", uri("/" + name(batch), null), headers(), null, timeout)
                .body());
    }

    private static ProviderBatchRef ref(JsonNode operation) {
        String name = WireJson.text(operation.get("name"));
        if (name == null) {
            name = WireJson.text(operation.path("metadata").get("name"));
        }
        if (name == null || !BATCH_NAME.matcher(name).matches()) {
            throw WireJson.invalidResponse("batch operation without a batches/... name");
        }
        return new ProviderBatchRef(name, Map.of());
    }

    private static String name(ProviderBatchRef batch) {
        if (!BATCH_NAME.matcher(batch.id()).matches()) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "'" + batch.id() + "' is not a Gemini batch name (batches/...)");
        }
        return batch.id();
    }

    private URI uri(String path, String rawQuery) {
        String version = "/"
                + (config.getApiVersion() == null || config.getApiVersion().isBlank()
                        ? DEFAULT_VERSION
                        : config.getApiVersion());
        return Endpoints.join(config.getEndpoint(), version, version + path, rawQuery);
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (apiKey != null && !apiKey.isBlank()) {
            headers.put(API_KEY, apiKey);
        }
        return headers;
    }

    private static long count(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        try {
            return Long.parseLong(node.asText());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
