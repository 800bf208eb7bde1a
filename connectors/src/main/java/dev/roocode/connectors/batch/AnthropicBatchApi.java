package dev.roocode.connectors.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.connectors.provider.support.WireJson;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.URI;
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
 * Anthropic Message Batches ({@code POST /v1/messages/batches}, every request inline with its custom_id and the
 * Messages API params the realtime adapter sends). Results come as JSONL of succeeded, errored, canceled and
 * expired lines, parsed with the realtime response mapper and classifier.
 *
 * <p>Anthropic batches carry no metadata, so {@link #submit} adds one line of its own, a <em>group marker</em>:
 * custom_id {@code roocode-group-<sha-256 of the group id, 40 hex>} asking the same model for one token. {@link
 * #find} lists the newest batches and looks for that custom_id in their results. Anthropic serves results only
 * once a batch has ended, so a batch still in progress cannot be recognised: find misses it (see
 * docs/providers/anthropic.md). {@link #results} leaves the marker out; {@link #status}'s counts include it.
 */
public final class AnthropicBatchApi implements ProviderBatchApi {
    private static final Logger log = LoggerFactory.getLogger(AnthropicBatchApi.class);

    static final String BATCHES_PATH = "/v1/messages/batches";
    static final String MARKER_PREFIX = "roocode-group-";
    /** How many of the newest batches {@link #find} looks at: a group is looked for soon after it was submitted. */
    static final int FIND_LIMIT = 200;

    private static final String VERSION_PREFIX = "/v1";
    private static final String API_KEY = "x-api-key";
    private static final String VERSION = "anthropic-version";
    private static final String DEFAULT_VERSION = "2023-06-01";
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    /** A results download is one body of up to the whole batch's answers: more time than one message call. */
    private static final Duration MIN_RESULTS_TIMEOUT = Duration.ofMinutes(5);

    private final ProviderConfig config;
    private final String apiKey;
    private final ProviderAdapter adapter = ProviderAdapters.forType("anthropic");
    private final NativeBatchHttp http;
    private final Duration resultsTimeout;

    /**
     * @param apiKey    the resolved key, or null when the endpoint needs none; never put in messages
     * @param transport the connectors' HTTP transport ({@code HttpTransport.over} the batcher's client)
     */
    public AnthropicBatchApi(ProviderConfig config, String apiKey, Transport transport) {
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
        String marker = marker(groupId);
        ArrayNode requests = WireJson.MAPPER.createArrayNode();
        String model = null;
        Map<String, String> headers = null;
        Set<String> seen = new HashSet<>();
        for (BatchLine line : lines) {
            if (!CUSTOM_ID.matcher(line.customId()).matches() || line.customId().equals(marker)) {
                throw ProviderException.permanent(
                        ErrorClass.BAD_REQUEST, "custom id '" + line.customId() + "' is not [a-zA-Z0-9_-]{1,64}");
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
            request.put("custom_id", line.customId());
            request.set("params", WireJson.answerObject(call.body()));
        }
        ObjectNode markerRequest = WireJson.object().put("custom_id", marker);
        ObjectNode params =
                markerRequest.putObject("params").put("model", model).put("max_tokens", 1);
        params.putArray("messages").addObject().put("role", "user").put("content", "roocode batch group marker");
        requests.insert(0, markerRequest);
        ObjectNode body = WireJson.object();
        body.set("requests", requests);
        JsonNode batch = WireJson.answerObject(http.send("POST", uri(BATCHES_PATH), headers, WireJson.bytes(body))
                .body());
        ProviderBatchRef ref = ref(batch);
        log.info("submitted anthropic batch {} for group {} ({} lines)", ref.id(), groupId, lines.size());
        return ref;
    }

    @Override
    public Optional<ProviderBatchRef> find(String groupId) {
        String marker = marker(groupId);
        String after = null;
        int looked = 0;
        while (looked < FIND_LIMIT) {
            String query = "limit=100" + (after == null ? "" : "&after_id=" + after);
            JsonNode page = WireJson.answerObject(
                    http.send("GET", uri(BATCHES_PATH, query), headers(), null).body());
            for (JsonNode batch : page.path("data")) {
                looked++;
                if (isEnded(batch) && batch.path("archived_at").isNull() && hasLine(ref(batch), marker)) {
                    return Optional.of(ref(batch));
                }
            }
            after = WireJson.text(page.get("last_id"));
            if (!page.path("has_more").asBoolean(false)
                    || after == null
                    || !BATCH_ID.matcher(after).matches()) {
                break;
            }
        }
        return Optional.empty();
    }

    @Override
    public ProviderBatchStatus status(ProviderBatchRef batch) {
        JsonNode body = WireJson.answerObject(
                http.send("GET", uri(path(batch)), headers(), null).body());
        return status(body);
    }

    @Override
    public Map<String, LineOutcome> results(ProviderBatchRef batch) {
        HttpAnswer answer = http.send("GET", uri(path(batch) + "/results"), headers(), null, resultsTimeout);
        return AnthropicBatchResults.parse(adapter, answer.body());
    }

    @Override
    public void cancel(ProviderBatchRef batch) {
        http.send("POST", uri(path(batch) + "/cancel"), headers(), null);
    }

    /** The custom id of {@code groupId}'s marker line. */
    static String marker(String groupId) {
        return MARKER_PREFIX + AnthropicBatchResults.sha256Hex(groupId).substring(0, 40);
    }

    /** A MessageBatch in OpenAI's lifecycle words; counts are Anthropic's, zero until the batch ends, so unknown before. */
    static ProviderBatchStatus status(JsonNode batch) {
        String processing = batch.path("processing_status").asText("");
        JsonNode counts = batch.path("request_counts");
        long succeeded = counts.path("succeeded").asLong(0);
        long failed = counts.path("errored").asLong(0)
                + counts.path("expired").asLong(0)
                + counts.path("canceled").asLong(0);
        ProviderBatchStatus.State state = switch (processing) {
            case "canceling" -> ProviderBatchStatus.State.CANCELLING;
            case "ended" -> {
                if (!batch.path("cancel_initiated_at").isNull()
                        && !batch.path("cancel_initiated_at").isMissingNode()) {
                    yield ProviderBatchStatus.State.CANCELLED;
                }
                yield counts.path("expired").asLong(0) > 0
                        ? ProviderBatchStatus.State.EXPIRED
                        : ProviderBatchStatus.State.COMPLETED;
            }
            // in_progress, and a state this client does not know yet: keep polling
            default -> ProviderBatchStatus.State.IN_PROGRESS;
        };
        boolean ended = state.ended();
        return new ProviderBatchStatus(
                state, instant(WireJson.text(batch.get("expires_at"))), ended ? succeeded : -1, ended ? failed : -1);
    }

    private boolean hasLine(ProviderBatchRef batch, String customId) {
        HttpAnswer answer = http.send("GET", uri(path(batch) + "/results"), headers(), null, resultsTimeout);
        return AnthropicBatchResults.customIds(answer.body()).contains(customId);
    }

    private static boolean isEnded(JsonNode batch) {
        return "ended".equals(batch.path("processing_status").asText());
    }

    private static ProviderBatchRef ref(JsonNode batch) {
        String id = WireJson.text(batch.get("id"));
        if (id == null || !BATCH_ID.matcher(id).matches()) {
            throw WireJson.invalidResponse("message batch without a valid id");
        }
        return new ProviderBatchRef(id, Map.of());
    }

    private static String path(ProviderBatchRef batch) {
        if (!BATCH_ID.matcher(batch.id()).matches()) {
            throw ProviderException.permanent(
                    ErrorClass.BAD_REQUEST, "'" + batch.id() + "' is not an Anthropic message batch id");
        }
        return BATCHES_PATH + "/" + batch.id();
    }

    private URI uri(String path) {
        return Endpoints.join(config.getEndpoint(), VERSION_PREFIX, path);
    }

    private URI uri(String path, String rawQuery) {
        return Endpoints.join(config.getEndpoint(), VERSION_PREFIX, path, rawQuery);
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
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

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
