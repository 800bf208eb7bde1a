package dev.roocode.cli.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.roocode.cli.common.CliException;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.core.provider.ProviderDescriptor;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RetryPolicy;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The providers file (docs/providers-file.md): one provider per file, or {@code providers:} and
 * {@code routes:} lists. Parsed into {@link ProviderConfig} and {@link RoutePolicy} records with
 * type-specific validation; every error is one line naming the file, the field path and the fix.
 * API keys are never accepted in a file: the credential is an environment variable, a file path,
 * or (as written by {@code providers show -o yaml}) a ciphertext.
 */
public final class ProviderFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String PROVIDER_FIELDS =
            "name, type, preset, endpoint, credential, organization, project, region, apiVersion,"
                    + " deployments, models, limits, timeout, retries, breaker, batch, weight, tags, settings, status";
    private static final String MODEL_FIELDS =
            "model, providerModel, kind, inputPrice, outputPrice, contextWindow, maxOutputTokens, capabilities";
    private static final String ROUTE_FIELDS =
            "model, aliases, strategy, candidates, fallbacks, maxAttempts, budget, fallbackOnRequestErrors";

    /** What a file holds. */
    public record Contents(List<ProviderConfig> providers, List<RoutePolicy> routes) {}

    private ProviderFile() {}

    /** Reads and validates {@code file}. */
    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("no such providers file: " + file);
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw CliException.usage(file + ": not valid YAML" + yamlError(e));
        }
        return parse(file.getFileName().toString(), root);
    }

    /** Where and what, as SnakeYAML marks it ({@code " at line 3, column 22: expected ..."}); its message's first line alone has neither. */
    static String yamlError(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return " at line " + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1) + ": "
                        + oneLine(marked.getProblem() != null ? marked.getProblem() : marked.getContext());
            }
        }
        String message =
                oneLine(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
        if (e instanceof JsonProcessingException json
                && json.getLocation() != null
                && json.getLocation().getLineNr() > 0) {
            return " at line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr() + ": " + message;
        }
        return ": " + (message.isEmpty() ? e.getClass().getSimpleName() : message);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** Validates an already parsed document; {@code source} names it in errors. */
    public static Contents parse(String source, JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw CliException.usage(source + ": the file is empty; see docs/providers-file.md");
        }
        Fields top = new Fields(source, "", root);
        List<ProviderConfig> providers = new ArrayList<>();
        List<RoutePolicy> routes = new ArrayList<>();
        if (top.has("providers") || top.has("routes")) {
            for (Fields provider : top.objects("providers")) {
                providers.add(provider(provider));
            }
            for (Fields route : top.objects("routes")) {
                routes.add(route(route));
            }
            top.rejectUnknown("providers, routes");
        } else {
            providers.add(provider(top));
        }
        Set<String> names = new HashSet<>();
        for (ProviderConfig provider : providers) {
            if (!names.add(provider.getName())) {
                throw CliException.usage(source + ": provider '" + provider.getName() + "' is defined twice");
            }
        }
        for (RoutePolicy route : routes) {
            for (RouteCandidate candidate : route.getCandidates()) {
                if (!names.isEmpty() && !names.contains(candidate.getProvider())) {
                    throw CliException.usage(source + ": route '" + route.getModel() + "' names unknown provider '"
                            + candidate.getProvider() + "'; providers in this file: " + String.join(", ", names));
                }
            }
        }
        return new Contents(providers, routes);
    }

    /** One provider object, validated for its type. */
    static ProviderConfig provider(Fields f) {
        String typeId = f.required("type", "one of " + String.join(", ", ProviderTypes.ids()));
        ProviderDescriptor type = ProviderTypes.find(typeId)
                .orElseThrow(() -> f.error("unknown provider type '" + typeId + "'; known types: "
                        + String.join(", ", ProviderTypes.ids())));
        String name = f.required("name", "a unique name such as " + type.id() + "-main");
        try {
            Topics.defaults().dispatch(name);
        } catch (IllegalArgumentException e) {
            throw f.error("provider name '" + name
                    + "' may hold only letters, digits, . _ - and must start with a letter or digit");
        }
        String preset = f.string("preset");
        ProviderDescriptor.Preset presetValue = null;
        if (preset != null) {
            if (type.presets().isEmpty()) {
                throw f.error("'preset' is only for type " + presetTypes());
            }
            presetValue = type.presets().get(preset.toLowerCase(Locale.ROOT));
            if (presetValue == null) {
                throw f.error("unknown preset '" + preset + "'; known presets: "
                        + String.join(", ", new TreeSet<>(type.presets().keySet())));
            }
        }
        String endpoint = f.string("endpoint");
        if (endpoint == null) {
            endpoint = presetValue != null ? presetValue.endpoint() : type.defaultEndpoint();
        }
        if (endpoint == null) {
            throw f.error("missing field 'endpoint' (" + type.id() + " needs the base URL"
                    + (type.endpointExample() == null ? "" : ", e.g. " + type.endpointExample()) + ")");
        }
        // never Urls.check here: its errors repeat the URL, and an endpoint may hold a secret
        String problem = Endpoints.problem(endpoint);
        if (problem != null) {
            throw f.error(("command line".equals(sourceOf(f)) ? "--endpoint" : "endpoint") + " " + problem
                    + (problem.startsWith("is not an http(s) URL") || problem.startsWith("has no host")
                            ? "; use e.g. https://api.example.com/v1"
                            : ""));
        }
        endpoint = endpoint.trim();
        if (type.needs().httpsOnly()
                && !endpoint.startsWith("https://")
                && !endpoint.contains("localhost")
                && !endpoint.contains("127.0.0.1")) {
            throw f.error(type.id() + " endpoint must be https, e.g. " + type.endpointExample());
        }
        Credential credential = credential(f);
        String apiVersion = f.string("apiVersion");
        if (apiVersion == null) {
            apiVersion = type.needs().defaultApiVersion();
        }
        if (apiVersion == null && type.needs().apiVersion()) {
            throw f.error("missing field 'apiVersion' (" + type.id() + " needs the api-version, e.g. "
                    + type.needs().exampleApiVersion() + ")");
        }
        Map<String, String> deployments = f.stringMap("deployments");
        List<ModelOffer> offers = new ArrayList<>();
        for (Fields model : f.objects("models")) {
            offers.add(offer(model, type));
        }
        if (offers.isEmpty()) {
            throw f.error(
                    "missing field 'models': list at least one model, e.g. models: [{model: gpt-4o-mini, inputPrice: 0.15, outputPrice: 0.60}]");
        }
        if (type.needs().deployments()) {
            for (ModelOffer offer : offers) {
                if (!deployments.containsKey(offer.getModel())) {
                    throw f.error("azure-openai model '" + offer.getModel() + "' has no deployment; add deployments: {"
                            + offer.getModel() + ": <deployment name>}");
                }
            }
        }
        ProviderLimits limits = ProviderLimits.newBuilder().build();
        Fields l = f.object("limits");
        if (l != null) {
            limits.setRpm(l.longValue("rpm"));
            limits.setTpm(l.longValue("tpm"));
            Integer concurrency = l.intValue("maxConcurrency");
            if (concurrency != null) {
                if (concurrency < 1) {
                    throw l.error("maxConcurrency must be at least 1");
                }
                limits.setMaxConcurrency(concurrency);
            }
            l.rejectUnknown("rpm, tpm, maxConcurrency");
        }
        RetryPolicy retry = RetryPolicy.newBuilder().build();
        JsonNode retriesNode = f.raw("retries");
        if (retriesNode != null && retriesNode.isValueNode()) {
            retry.setMaxAttempts(retriesNode.asInt() + 1);
        } else if (retriesNode != null && !retriesNode.isNull()) {
            Fields r = new Fields(sourceOf(f), (f.path().isEmpty() ? "" : f.path() + ".") + "retries", retriesNode);
            Integer attempts = r.intValue("maxAttempts");
            if (attempts != null) {
                if (attempts < 1) {
                    throw r.error("maxAttempts must be at least 1");
                }
                retry.setMaxAttempts(attempts);
            }
            Duration initial = r.duration("initialBackoff");
            if (initial != null) {
                retry.setInitialBackoffMs(initial.toMillis());
            }
            Duration max = r.duration("maxBackoff");
            if (max != null) {
                retry.setMaxBackoffMs(max.toMillis());
            }
            Double multiplier = r.doubleValue("multiplier");
            if (multiplier != null) {
                retry.setMultiplier(multiplier);
            }
            r.rejectUnknown("maxAttempts, initialBackoff, maxBackoff, multiplier");
        }
        CircuitBreakerPolicy breaker = breaker(f);
        Duration timeout = f.duration("timeout");
        Integer weight = f.intValue("weight");
        String status = f.string("status");
        ProviderStatus providerStatus = ProviderStatus.DRAFT;
        if (status != null) {
            try {
                providerStatus = ProviderStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw f.error("status must be draft, active or inactive, was '" + status + "'");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>(f.stringMap("settings"));
        if (preset != null) {
            settings.put("preset", preset.toLowerCase(Locale.ROOT));
        }
        ProviderConfig config = ProviderConfig.newBuilder()
                .setName(name)
                .setType(type.id())
                .setStatus(providerStatus)
                .setEndpoint(endpoint)
                .setCredential(credential)
                .setOrganization(f.string("organization"))
                .setProject(f.string("project"))
                .setRegion(f.string("region"))
                .setApiVersion(apiVersion)
                .setDeployments(deployments)
                .setSettings(settings)
                .setOffers(offers)
                .setLimits(limits)
                .setTimeoutMs(timeout == null ? 60_000 : timeout.toMillis())
                .setRetry(retry)
                .setBreaker(breaker)
                .setBatch(batch(f))
                .setWeight(weight == null ? 1 : weight)
                .setTags(f.strings("tags"))
                .setVersion(1)
                .build();
        f.rejectUnknown(PROVIDER_FIELDS);
        return config;
    }

    /**
     * The provider's circuit breaker policy from its {@code breaker} object, each field defaulted by the
     * schema: failureRateThreshold (percent of the window's calls that opens it), slidingWindowSize
     * (calls), minimumCalls (before the rate counts), waitInOpen (a duration) and halfOpenCalls (probes).
     */
    static CircuitBreakerPolicy breaker(Fields f) {
        CircuitBreakerPolicy breaker = CircuitBreakerPolicy.newBuilder().build();
        Fields b = f.object("breaker");
        if (b == null) {
            return breaker;
        }
        Double rate = b.doubleValue("failureRateThreshold");
        if (rate != null) {
            if (!(rate > 0 && rate <= 100)) {
                throw b.error("failureRateThreshold must be a percentage above 0 and at most 100, was " + rate);
            }
            breaker.setFailureRateThreshold(rate.floatValue());
        }
        Integer window = b.intValue("slidingWindowSize");
        if (window != null) {
            if (window < 1) {
                throw b.error("slidingWindowSize must be at least 1 call");
            }
            breaker.setSlidingWindowSize(window);
        }
        Integer minimum = b.intValue("minimumCalls");
        if (minimum != null) {
            if (minimum < 1) {
                throw b.error("minimumCalls must be at least 1");
            }
            breaker.setMinimumCalls(minimum);
        }
        Duration wait = b.duration("waitInOpen");
        if (wait != null) {
            if (wait.isZero() || wait.isNegative()) {
                throw b.error("waitInOpen must be a positive duration, e.g. 30s");
            }
            breaker.setWaitInOpenMs(wait.toMillis());
        }
        Integer probes = b.intValue("halfOpenCalls");
        if (probes != null) {
            if (probes < 1) {
                throw b.error("halfOpenCalls must be at least 1");
            }
            breaker.setHalfOpenCalls(probes);
        }
        b.rejectUnknown("failureRateThreshold, slidingWindowSize, minimumCalls, waitInOpen, halfOpenCalls");
        return breaker;
    }

    /**
     * The provider's batch endpoint from its {@code batch} object, or null without one (then the router offers no
     * {@code <name>:batch} candidate): discount (the fraction of the realtime price a batch line costs, above 0 and
     * at most 1), turnaround (a duration, e.g. 24h), maxLines, maxBytes and maxAge (a duration), each defaulted by
     * the schema. {@code batch: {}} or {@code batch: true} takes every default.
     */
    static BatchEndpoint batch(Fields f) {
        JsonNode raw = f.raw("batch");
        if (raw == null || raw.isNull() || raw.isBoolean() && !raw.asBoolean()) {
            return null;
        }
        BatchEndpoint batch = BatchEndpoint.newBuilder().build();
        if (raw.isBoolean()) {
            return batch;
        }
        if (!raw.isObject()) {
            throw f.error("batch must be an object, e.g. {discount: 0.5, turnaround: 24h}, or true for the defaults");
        }
        Fields b = f.object("batch");
        Double discount = b.doubleValue("discount");
        if (discount != null) {
            if (!(discount > 0 && discount <= 1)) {
                throw b.error("discount must be the fraction of the realtime price a batch line costs, above 0 and at"
                        + " most 1 (0.5: half price), was " + discount);
            }
            batch.setDiscount(discount);
        }
        Duration turnaround = b.duration("turnaround");
        if (turnaround != null) {
            if (turnaround.isZero() || turnaround.isNegative()) {
                throw b.error("turnaround must be a positive duration, e.g. 24h");
            }
            batch.setTurnaroundMs(turnaround.toMillis());
        }
        Integer lines = b.intValue("maxLines");
        if (lines != null) {
            if (lines < 1) {
                throw b.error("maxLines must be at least 1");
            }
            batch.setMaxLines(lines);
        }
        Long bytes = b.longValue("maxBytes");
        if (bytes != null) {
            if (bytes < 1) {
                throw b.error("maxBytes must be at least 1");
            }
            batch.setMaxBytes(bytes);
        }
        Duration age = b.duration("maxAge");
        if (age != null) {
            if (age.isZero() || age.isNegative()) {
                throw b.error("maxAge must be a positive duration, e.g. 1m");
            }
            batch.setMaxAgeMs(age.toMillis());
        }
        b.rejectUnknown("discount, turnaround, maxLines, maxBytes, maxAge");
        return batch;
    }

    /** The types that have presets, for the message refusing a preset elsewhere. */
    private static String presetTypes() {
        return String.join(
                ", ",
                ProviderTypes.ALL.stream()
                        .filter(t -> !t.presets().isEmpty())
                        .map(ProviderDescriptor::id)
                        .toList());
    }

    /** Fails when {@code provider}'s type (or preset) needs an API key and it has none. */
    public static void requireKey(String source, ProviderConfig provider) {
        if (provider.getCredential() != null && provider.getCredential().getKind() != CredentialKind.NONE) {
            return;
        }
        ProviderDescriptor type = ProviderTypes.find(provider.getType()).orElseThrow();
        String preset = provider.getSettings().get("preset");
        boolean needed = type.preset(preset)
                .map(ProviderDescriptor.Preset::needsKey)
                .orElse(type.needs().key());
        if (needed) {
            throw CliException.usage(
                    source + ": provider " + provider.getName() + " (" + type.id()
                            + (preset == null ? "" : ", " + preset)
                            + ") needs an API key: credential: {env: VARIABLE} or {file: PATH} in a file; --api-key-env, --api-key-file or --api-key-stdin on the command line");
        }
    }

    private static String sourceOf(Fields f) {
        String message = f.error("").getMessage();
        return message.substring(0, message.indexOf(':'));
    }

    private static Credential credential(Fields f) {
        if (f.has("apiKey") || f.has("key") || f.has("api_key")) {
            throw f.error(
                    "plaintext API keys are not accepted in files: use credential: {env: VARIABLE} or {file: PATH},"
                            + " or 'roocode providers add ... --api-key-stdin' to store it encrypted");
        }
        JsonNode raw = f.raw("credential");
        if (raw == null || raw.isNull() || raw.isValueNode() && raw.asText().equalsIgnoreCase("none")) {
            return new Credential(CredentialKind.NONE, null);
        }
        Fields c = new Fields(sourceOf(f), (f.path().isEmpty() ? "" : f.path() + ".") + "credential", raw);
        if (c.has("key") || c.has("apiKey") || c.has("value")) {
            throw c.error("plaintext API keys are not accepted in files: use env: VARIABLE or file: PATH");
        }
        String env = c.string("env");
        String file = c.string("file");
        String encrypted = c.string("encrypted");
        c.rejectUnknown("env, file, encrypted");
        int given = (env == null ? 0 : 1) + (file == null ? 0 : 1) + (encrypted == null ? 0 : 1);
        if (given != 1) {
            throw c.error("give exactly one of env: VARIABLE, file: PATH or encrypted: CIPHERTEXT");
        }
        if (env != null) {
            if (!env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw c.error("'" + env + "' is not an environment variable name");
            }
            return new Credential(CredentialKind.ENV, env);
        }
        if (file != null) {
            return new Credential(CredentialKind.FILE, file);
        }
        return new Credential(CredentialKind.ENCRYPTED, encrypted);
    }

    private static ModelOffer offer(Fields m, ProviderDescriptor type) {
        String model = m.required("model", "the logical model name jobs ask for");
        String kindText = m.string("kind");
        JobKind kind = JobKind.CHAT;
        if (kindText != null) {
            kind = switch (kindText.toLowerCase(Locale.ROOT)) {
                case "chat" -> JobKind.CHAT;
                case "embedding", "embeddings" -> JobKind.EMBEDDING;
                default -> throw m.error("kind must be chat or embedding, was '" + kindText + "'");
            };
        }
        if (kind == JobKind.EMBEDDING && !type.embeddings()) {
            throw m.error(type.id() + " has no embedding models; use kind: chat or another provider for embeddings");
        }
        String providerModel = m.string("providerModel");
        Double in = m.doubleValue("inputPrice");
        Double out = m.doubleValue("outputPrice");
        Integer context = m.intValue("contextWindow");
        Integer maxOutput = m.intValue("maxOutputTokens");
        ModelOffer offer = ModelOffer.newBuilder()
                .setModel(model)
                .setProviderModel(providerModel == null ? model : providerModel)
                .setKind(kind)
                .setInputUsdPerMTok(in == null ? 0.0 : in)
                .setOutputUsdPerMTok(out == null ? 0.0 : out)
                .setContextWindow(context == null ? 128_000 : context)
                .setMaxOutputTokens(maxOutput)
                .setCapabilities(m.strings("capabilities"))
                .build();
        m.rejectUnknown(MODEL_FIELDS);
        return offer;
    }

    /** One route object. */
    static RoutePolicy route(Fields r) {
        String model = r.required("model", "the logical model name, or * for the default route");
        String strategyText = r.string("strategy");
        RoutingStrategy strategy = RoutingStrategy.COST;
        if (strategyText != null) {
            try {
                strategy = RoutingStrategy.valueOf(strategyText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw r.error("strategy must be one of cost, explicit, priority, weighted, latency; was '"
                        + strategyText + "'");
            }
        }
        List<RouteCandidate> candidates = new ArrayList<>();
        JsonNode raw = r.raw("candidates");
        if (raw != null && raw.isArray()) {
            for (int i = 0; i < raw.size(); i++) {
                JsonNode item = raw.get(i);
                if (item.isValueNode()) {
                    candidates.add(new RouteCandidate(item.asText().trim(), i, 1));
                    continue;
                }
                Fields c = new Fields(
                        sourceOf(r), (r.path().isEmpty() ? "" : r.path() + ".") + "candidates[" + i + "]", item);
                String provider = c.required("provider", "a provider name");
                Integer priority = c.intValue("priority");
                Integer weight = c.intValue("weight");
                c.rejectUnknown("provider, priority, weight");
                candidates.add(
                        new RouteCandidate(provider, priority == null ? i : priority, weight == null ? 1 : weight));
            }
        } else if (raw != null && !raw.isNull()) {
            throw r.error("candidates must be a list of provider names or {provider, priority, weight}");
        }
        Integer maxAttempts = r.intValue("maxAttempts");
        RoutePolicy.Builder route = RoutePolicy.newBuilder()
                .setModel(model)
                .setAliases(r.strings("aliases"))
                .setStrategy(strategy)
                .setCandidates(candidates)
                .setFallbacks(r.strings("fallbacks"))
                .setMaxAttempts(maxAttempts == null ? 3 : maxAttempts)
                .setVersion(1);
        if (maxAttempts != null && maxAttempts < 1) {
            throw r.error("maxAttempts must be at least 1");
        }
        Fields budget = r.object("budget");
        if (budget != null) {
            route.setMaxCostUsdPerJob(budget.doubleValue("perJob"));
            route.setMaxCostUsdPerBatch(budget.doubleValue("perBatch"));
            route.setMaxCostUsdPerTenant(budget.doubleValue("perTenant"));
            budget.rejectUnknown("perJob, perBatch, perTenant");
        }
        Boolean onRequestErrors = r.booleanValue("fallbackOnRequestErrors");
        route.setFallbackOnRequestErrors(onRequestErrors != null && onRequestErrors);
        r.rejectUnknown(ROUTE_FIELDS);
        return route.build();
    }
}
