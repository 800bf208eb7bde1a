package dev.roocode.cli.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.Prompter;
import dev.roocode.core.provider.ProviderDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A provider's fields as flags, shared by {@code providers add} and {@code providers update}. They
 * are laid over a providers-file object, so flags, prompts and files go through one validation.
 */
public final class ProviderOptions {
    private static final Map<String, String> MODEL_KEYS = Map.of(
            "in",
            "inputPrice",
            "out",
            "outputPrice",
            "kind",
            "kind",
            "context",
            "contextWindow",
            "max-output",
            "maxOutputTokens",
            "provider-model",
            "providerModel",
            "capabilities",
            "capabilities");

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description =
                    "Base URL of the API, e.g. http://host:8000/v1 (default: the type's public endpoint, or the preset's); no user:password@ or ?query: the key goes in --api-key-*.")
    String endpoint;

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            description = "openai-compatible server: vllm, ollama, openrouter, tgi (sets the endpoint).")
    String preset;

    @Option(names = "--organization", paramLabel = "ID", description = "OpenAI organization id.")
    String organization;

    @Option(names = "--project", paramLabel = "ID", description = "OpenAI project id (or cloud project).")
    String project;

    @Option(names = "--region", paramLabel = "REGION", description = "Region or residency of the endpoint, e.g. eu.")
    String region;

    @Option(
            names = "--api-version",
            paramLabel = "VERSION",
            description = "API version (azure-openai api-version, anthropic-version).")
    String apiVersion;

    @Option(
            names = "--deployment",
            paramLabel = "MODEL=DEPLOYMENT",
            description = "azure-openai: the deployment serving a model (repeatable).")
    Map<String, String> deployments = new LinkedHashMap<>();

    @Option(
            names = "--model",
            paramLabel = "SPEC",
            description = {
                "A model offered (repeatable): NAME[,in=USD][,out=USD][,kind=chat|embedding][,context=N]",
                "[,max-output=N][,provider-model=ID][,capabilities=tools+json]; prices are USD per 1M tokens."
            })
    List<String> models = new ArrayList<>();

    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute of the account.")
    Long rpm;

    @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute of the account.")
    Long tpm;

    @Option(names = "--max-concurrency", paramLabel = "N", description = "Calls in flight per worker (default 64).")
    Integer maxConcurrency;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Timeout per HTTP call, e.g. 60s (default 60s).")
    String timeout;

    @Option(
            names = "--retries",
            paramLabel = "N",
            description = "Retries of a retryable failure per attempt (default 5).")
    Integer retries;

    @Option(
            names = "--breaker-window",
            paramLabel = "N",
            description = "Calls the circuit breaker judges the failure rate over (default 50).")
    Integer breakerWindow;

    @Option(
            names = "--breaker-failure-rate",
            paramLabel = "PERCENT",
            description = "Failure percentage of the window that opens the circuit (default 50).")
    Double breakerFailureRate;

    @Option(
            names = "--breaker-wait",
            paramLabel = "DURATION",
            description = "How long the circuit stays open before probe calls, e.g. 10s (default 30s).")
    String breakerWait;

    @Option(names = "--weight", paramLabel = "N", description = "Weight under WEIGHTED routing (default 1).")
    Integer weight;

    @Option(names = "--tag", paramLabel = "TAG", description = "A free tag, e.g. eu or tier-1 (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--setting", paramLabel = "KEY=VALUE", description = "A type-specific setting (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** Lays the given flags over {@code node} (a providers-file object). */
    void applyTo(ObjectNode node) {
        put(node, "endpoint", endpoint);
        put(node, "preset", preset);
        put(node, "organization", organization);
        put(node, "project", project);
        put(node, "region", region);
        put(node, "apiVersion", apiVersion);
        if (!deployments.isEmpty()) {
            ObjectNode d = node.has("deployments") && node.get("deployments").isObject()
                    ? (ObjectNode) node.get("deployments")
                    : node.putObject("deployments");
            deployments.forEach(d::put);
        }
        if (!models.isEmpty()) {
            ArrayNode list = node.putArray("models");
            for (String spec : models) {
                list.add(model(spec, node));
            }
        }
        if (rpm != null || tpm != null || maxConcurrency != null) {
            ObjectNode limits = node.has("limits") && node.get("limits").isObject()
                    ? (ObjectNode) node.get("limits")
                    : node.putObject("limits");
            if (rpm != null) {
                limits.put("rpm", rpm);
            }
            if (tpm != null) {
                limits.put("tpm", tpm);
            }
            if (maxConcurrency != null) {
                limits.put("maxConcurrency", maxConcurrency);
            }
        }
        put(node, "timeout", timeout);
        if (retries != null) {
            ObjectNode r = node.has("retries") && node.get("retries").isObject()
                    ? (ObjectNode) node.get("retries")
                    : node.putObject("retries");
            r.put("maxAttempts", retries + 1);
        }
        if (breakerWindow != null || breakerFailureRate != null || breakerWait != null) {
            ObjectNode b = node.has("breaker") && node.get("breaker").isObject()
                    ? (ObjectNode) node.get("breaker")
                    : node.putObject("breaker");
            if (breakerWindow != null) {
                b.put("slidingWindowSize", breakerWindow);
            }
            if (breakerFailureRate != null) {
                b.put("failureRateThreshold", breakerFailureRate);
            }
            put(b, "waitInOpen", breakerWait);
        }
        if (weight != null) {
            node.put("weight", weight);
        }
        if (!tags.isEmpty()) {
            ArrayNode t = node.putArray("tags");
            tags.forEach(t::add);
        }
        if (!settings.isEmpty()) {
            ObjectNode s = node.has("settings") && node.get("settings").isObject()
                    ? (ObjectNode) node.get("settings")
                    : node.putObject("settings");
            settings.forEach(s::put);
        }
    }

    /** Asks on the terminal for every field the flags left open (add only). */
    void ask(Prompter prompter, ProviderDescriptor type, ObjectNode node) {
        askIfMissing(prompter, node, "name", "Provider name", type.id() + "-main");
        if (!type.presets().isEmpty() && !node.has("endpoint") && !node.has("preset")) {
            String p =
                    prompter.ask("Preset (" + String.join(", ", type.presets().keySet()) + "; empty for none)", null);
            put(node, "preset", p);
        }
        String defaultEndpoint = node.has("preset")
                ? type.preset(node.get("preset").asText())
                        .map(ProviderDescriptor.Preset::endpoint)
                        .orElse(null)
                : type.defaultEndpoint();
        askIfMissing(prompter, node, "endpoint", "Endpoint (base URL)", defaultEndpoint);
        if (type.needs().organization()) {
            askIfMissing(prompter, node, "organization", "Organization id (optional)", null);
            askIfMissing(prompter, node, "project", "Project id (optional)", null);
        }
        askIfMissing(prompter, node, "region", "Region (optional)", null);
        if (type.needs().exampleApiVersion() != null) {
            askIfMissing(
                    prompter, node, "apiVersion", "API version", type.needs().exampleApiVersion());
        }
        if (!node.has("models")) {
            ArrayNode list = node.putArray("models");
            while (true) {
                String model = prompter.ask(
                        list.isEmpty() ? "Model offered (e.g. gpt-4o-mini)" : "Another model (empty to finish)", null);
                if (model == null) {
                    break;
                }
                ObjectNode m = list.addObject();
                m.put("model", model);
                put(m, "kind", prompter.ask("  kind (chat or embedding)", "chat"));
                put(m, "inputPrice", prompter.ask("  USD per 1M input tokens", "0"));
                put(m, "outputPrice", prompter.ask("  USD per 1M output tokens", "0"));
                if (type.needs().deployments()) {
                    ObjectNode d = node.has("deployments")
                            ? (ObjectNode) node.get("deployments")
                            : node.putObject("deployments");
                    if (!d.has(model)) {
                        d.put(model, prompter.ask("  deployment name", model));
                    }
                }
            }
        }
        if (!node.has("limits")) {
            ObjectNode limits = node.putObject("limits");
            put(limits, "rpm", prompter.ask("Requests per minute (empty: unlimited)", null));
            put(limits, "tpm", prompter.ask("Tokens per minute (empty: unlimited)", null));
        }
        askIfMissing(prompter, node, "timeout", "Timeout per call", "60s");
        if (!node.has("retries")) {
            String r = prompter.ask("Retries per attempt", "5");
            if (r != null) {
                try {
                    node.putObject("retries").put("maxAttempts", Integer.parseInt(r.trim()) + 1);
                } catch (NumberFormatException e) {
                    throw CliException.usage("retries must be a whole number, was '" + r + "'");
                }
            }
        }
        if (!node.has("tags")) {
            put(node, "tags", prompter.ask("Tags, comma-separated (optional)", null));
        }
    }

    private static void askIfMissing(
            Prompter prompter, ObjectNode node, String field, String question, String defaultValue) {
        if (!node.has(field)) {
            put(node, field, prompter.ask(question, defaultValue));
        }
    }

    private static ObjectNode model(String spec, ObjectNode parent) {
        String[] parts = spec.split(",");
        ObjectNode m = parent.objectNode();
        m.put("model", parts[0].trim());
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String field = MODEL_KEYS.get(key);
            if (eq < 0 || field == null) {
                throw CliException.usage("--model " + spec + ": '" + part
                        + "' is not one of in=, out=, kind=, context=, max-output=, provider-model=, capabilities=");
            }
            String value = part.substring(eq + 1).trim();
            if (field.equals("capabilities")) {
                ArrayNode caps = m.putArray(field);
                for (String c : value.split("\\+")) {
                    caps.add(c.trim());
                }
            } else {
                m.put(field, value);
            }
        }
        return m;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value.trim());
        }
    }
}
