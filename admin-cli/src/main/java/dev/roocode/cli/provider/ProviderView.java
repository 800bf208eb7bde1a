package dev.roocode.cli.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.core.secret.CredentialCipher;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a provider is shown: a table row, a detail page, or the providers-file format. The API key
 * appears only as its fingerprint; an encrypted credential is never printed, not even as ciphertext.
 */
public final class ProviderView {
    /** Settings key of the key's fingerprint, written when the key is set. */
    public static final String FINGERPRINT = "keyFingerprint";
    /** Settings key of the last {@code providers test} outcome: {@code PASSED <time>} or {@code FAILED <time>: <why>}. */
    public static final String LAST_TEST = "lastTest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderView() {}

    /** One line per provider under a header. */
    public static void table(PrintWriter out, List<ProviderConfig> providers) {
        table(out, providers, Map.of());
    }

    /**
     * One line per provider under a header, ending with what its workers report ({@code health} by
     * provider, from provider-health): running, credential rejected at …, cannot start: …, or - (none yet).
     */
    public static void table(PrintWriter out, List<ProviderConfig> providers, Map<String, ProviderState> health) {
        out.printf(
                "%-20s %-18s %-9s %-7s %-34s %-24s %s%n",
                "NAME", "TYPE", "STATUS", "MODELS", "ENDPOINT", "LAST TEST", "WORKER");
        for (ProviderConfig p : providers) {
            out.printf(
                    "%-20s %-18s %-9s %-7d %-34s %-24s %s%n",
                    p.getName(),
                    p.getType(),
                    p.getStatus(),
                    p.getOffers().size(),
                    Endpoints.redact(p.getEndpoint()),
                    lastTest(p),
                    WorkerStatus.describe(p, health.get(p.getName())));
        }
    }

    /** The detail page of {@code show}. */
    public static void details(PrintWriter out, ProviderConfig p) {
        row(out, "name", p.getName());
        row(
                out,
                "type",
                p.getType()
                        + (p.getSettings().containsKey("preset")
                                ? " (" + p.getSettings().get("preset") + ")"
                                : ""));
        row(out, "status", p.getStatus().toString());
        // redacted: a record written before endpoints were checked may carry user:password@ or ?key=
        row(out, "endpoint", Endpoints.redact(p.getEndpoint()));
        row(out, "credential", credential(p));
        row(out, "organization", p.getOrganization());
        row(out, "project", p.getProject());
        row(out, "region", p.getRegion());
        row(out, "api version", p.getApiVersion());
        p.getDeployments().forEach((model, deployment) -> row(out, "deployment", model + " -> " + deployment));
        for (ModelOffer o : p.getOffers()) {
            row(
                    out,
                    "model",
                    String.format(
                            Locale.ROOT,
                            "%s -> %s  %s  $%s in / $%s out per 1M tokens  context %d%s%s",
                            o.getModel(),
                            o.getProviderModel(),
                            o.getKind().toString().toLowerCase(Locale.ROOT),
                            price(o.getInputUsdPerMTok()),
                            price(o.getOutputUsdPerMTok()),
                            o.getContextWindow(),
                            o.getMaxOutputTokens() == null ? "" : "  max output " + o.getMaxOutputTokens(),
                            o.getCapabilities().isEmpty() ? "" : "  " + String.join(",", o.getCapabilities())));
        }
        row(
                out,
                "limits",
                "rpm " + orUnlimited(p.getLimits().getRpm()) + "  tpm "
                        + orUnlimited(p.getLimits().getTpm()) + "  max concurrency "
                        + p.getLimits().getMaxConcurrency());
        row(out, "timeout", p.getTimeoutMs() + " ms");
        row(
                out,
                "retries",
                (p.getRetry().getMaxAttempts() - 1) + " (backoff "
                        + p.getRetry().getInitialBackoffMs() + " ms .. "
                        + p.getRetry().getMaxBackoffMs() + " ms)");
        row(
                out,
                "breaker",
                String.format(
                        Locale.ROOT,
                        "opens at %s%% failures of %d calls (at least %d), open %d ms, %d probes",
                        new BigDecimal(Float.toString(p.getBreaker().getFailureRateThreshold()))
                                .stripTrailingZeros()
                                .toPlainString(),
                        p.getBreaker().getSlidingWindowSize(),
                        p.getBreaker().getMinimumCalls(),
                        p.getBreaker().getWaitInOpenMs(),
                        p.getBreaker().getHalfOpenCalls()));
        row(out, "batch", batch(p));
        row(out, "weight", Integer.toString(p.getWeight()));
        row(out, "tags", p.getTags().isEmpty() ? null : String.join(", ", p.getTags()));
        p.getSettings().forEach((k, v) -> {
            if (!k.equals(FINGERPRINT) && !k.equals(LAST_TEST) && !k.equals("preset")) {
                row(out, "setting", k + " = " + v);
            }
        });
        row(out, "last test", lastTest(p));
        row(out, "version", Long.toString(p.getVersion()));
    }

    /** The detail page of {@code show}, with what the workers report ({@code health}, null when none). */
    public static void details(PrintWriter out, ProviderConfig p, ProviderState health) {
        details(out, p);
        row(out, "worker", WorkerStatus.describe(p, health));
    }

    /** How the credential is shown: kind, reference or fingerprint, never the key. */
    public static String credential(ProviderConfig p) {
        Credential c = p.getCredential();
        String fingerprint = p.getSettings().get(FINGERPRINT);
        return switch (c.getKind()) {
            case NONE -> "none";
            case ENV -> "env $" + c.getValue() + (fingerprint == null ? "" : "  " + fingerprint);
            case FILE -> "file " + c.getValue() + (fingerprint == null ? "" : "  " + fingerprint);
            case ENCRYPTED ->
                "encrypted" + (fingerprint == null ? "" : "  " + fingerprint) + "  (master key "
                        + CredentialCipher.keyIdOf(c.getValue()) + ")";
        };
    }

    /** The batch endpoint as {@code show} prints it, or null (no row) without one. */
    static String batch(ProviderConfig p) {
        BatchEndpoint batch = p.getBatch();
        if (batch == null) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%s:batch at %s%% of the price, turnaround %s; files of at most %d lines, %d bytes, sent after %s",
                p.getName(),
                new BigDecimal(Double.toString(batch.getDiscount() * 100))
                        .stripTrailingZeros()
                        .toPlainString(),
                DurationConverter.format(Duration.ofMillis(batch.getTurnaroundMs())),
                batch.getMaxLines(),
                batch.getMaxBytes(),
                DurationConverter.format(Duration.ofMillis(batch.getMaxAgeMs())));
    }

    static String lastTest(ProviderConfig p) {
        String last = p.getSettings().get(LAST_TEST);
        return last == null ? "never" : last;
    }

    /** The providers-file form (docs/providers-file.md); an encrypted credential is left out, and kept by update. */
    public static ObjectNode toFileNode(ProviderConfig p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", p.getName());
        node.put("type", p.getType());
        node.put("status", p.getStatus().toString().toLowerCase(Locale.ROOT));
        node.put("endpoint", Endpoints.redact(p.getEndpoint()));
        switch (p.getCredential().getKind()) {
            case ENV ->
                node.putObject("credential").put("env", p.getCredential().getValue());
            case FILE ->
                node.putObject("credential").put("file", p.getCredential().getValue());
            default -> {}
        }
        putIfSet(node, "organization", p.getOrganization());
        putIfSet(node, "project", p.getProject());
        putIfSet(node, "region", p.getRegion());
        putIfSet(node, "apiVersion", p.getApiVersion());
        if (!p.getDeployments().isEmpty()) {
            ObjectNode deployments = node.putObject("deployments");
            p.getDeployments().forEach(deployments::put);
        }
        ArrayNode models = node.putArray("models");
        for (ModelOffer o : p.getOffers()) {
            ObjectNode m = models.addObject();
            m.put("model", o.getModel());
            if (!o.getProviderModel().equals(o.getModel())) {
                m.put("providerModel", o.getProviderModel());
            }
            m.put("kind", o.getKind() == JobKind.EMBEDDING ? "embedding" : "chat");
            m.put("inputPrice", o.getInputUsdPerMTok());
            m.put("outputPrice", o.getOutputUsdPerMTok());
            m.put("contextWindow", o.getContextWindow());
            if (o.getMaxOutputTokens() != null) {
                m.put("maxOutputTokens", o.getMaxOutputTokens());
            }
            if (!o.getCapabilities().isEmpty()) {
                ArrayNode caps = m.putArray("capabilities");
                o.getCapabilities().forEach(caps::add);
            }
        }
        ObjectNode limits = node.putObject("limits");
        if (p.getLimits().getRpm() != null) {
            limits.put("rpm", p.getLimits().getRpm());
        }
        if (p.getLimits().getTpm() != null) {
            limits.put("tpm", p.getLimits().getTpm());
        }
        limits.put("maxConcurrency", p.getLimits().getMaxConcurrency());
        node.put("timeout", p.getTimeoutMs() + "ms");
        ObjectNode retries = node.putObject("retries");
        retries.put("maxAttempts", p.getRetry().getMaxAttempts());
        retries.put("initialBackoff", p.getRetry().getInitialBackoffMs() + "ms");
        retries.put("maxBackoff", p.getRetry().getMaxBackoffMs() + "ms");
        retries.put("multiplier", p.getRetry().getMultiplier());
        if (!p.getBreaker()
                .equals(dev.roocode.schemas.avro.CircuitBreakerPolicy.newBuilder()
                        .build())) {
            ObjectNode breaker = node.putObject("breaker");
            breaker.put("failureRateThreshold", (double) p.getBreaker().getFailureRateThreshold());
            breaker.put("slidingWindowSize", p.getBreaker().getSlidingWindowSize());
            breaker.put("minimumCalls", p.getBreaker().getMinimumCalls());
            breaker.put("waitInOpen", p.getBreaker().getWaitInOpenMs() + "ms");
            breaker.put("halfOpenCalls", p.getBreaker().getHalfOpenCalls());
        }
        if (p.getBatch() != null) {
            ObjectNode batch = node.putObject("batch");
            batch.put("discount", p.getBatch().getDiscount());
            batch.put(
                    "turnaround",
                    DurationConverter.format(Duration.ofMillis(p.getBatch().getTurnaroundMs())));
            batch.put("maxLines", p.getBatch().getMaxLines());
            batch.put("maxBytes", p.getBatch().getMaxBytes());
            batch.put(
                    "maxAge",
                    DurationConverter.format(Duration.ofMillis(p.getBatch().getMaxAgeMs())));
        }
        node.put("weight", p.getWeight());
        if (!p.getTags().isEmpty()) {
            ArrayNode tags = node.putArray("tags");
            p.getTags().forEach(tags::add);
        }
        Map<String, String> settings = new TreeMap<>(p.getSettings());
        settings.keySet().removeAll(List.of(FINGERPRINT, LAST_TEST));
        String preset = settings.remove("preset");
        if (preset != null) {
            node.put("preset", preset);
        }
        if (!settings.isEmpty()) {
            ObjectNode s = node.putObject("settings");
            settings.forEach(s::put);
        }
        return node;
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static String price(double usd) {
        return String.format(Locale.ROOT, "%.4f", usd).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    private static String orUnlimited(Long value) {
        return value == null ? "unlimited" : value.toString();
    }

    private static void row(PrintWriter out, String label, String value) {
        if (value != null && !value.isEmpty()) {
            out.printf("%-14s %s%n", label, value);
        }
    }
}
