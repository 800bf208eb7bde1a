package dev.roocode.cli.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.admin.ProviderAdmin;
import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.api.admin.console.MetricsHistory;
import dev.roocode.api.http.ApiException;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.common.Prompter;
import dev.roocode.cli.connection.Connection;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.core.provider.ProviderDescriptor;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.core.secret.Fingerprint;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link ProviderAdmin} on a cluster, for the admin endpoints and the web console: each operation opens a
 * {@link Connection} as a command does and runs the same code as the {@code roocode providers} command
 * ({@link ProviderOperations}, {@link ProviderFile} validation, {@link ProviderView}), so both front ends say the same.
 * A form is laid over a providers-file object through {@link ProviderOptions}, as the command's flags are. A key typed
 * into the console is stored ENCRYPTED under the service's master key ({@code ROOCODE_MASTER_KEY}), like
 * {@code --api-key-stdin}; CLI errors become {@link ApiException}s with the same message.
 */
public final class ClusterProviderAdmin implements ProviderAdmin {
    /** The source named in validation messages. */
    static final String SOURCE = "console";

    private final Map<String, Object> settings;
    private final CliContext context;
    private final Duration timeout;
    private final Function<ClusterProviderAdmin, RouteAdmin> routes;

    /** Without route operations ({@link #routes()} answers as {@link ProviderAdmin}'s default does). */
    public ClusterProviderAdmin(Map<String, Object> settings, Map<String, String> env, Duration timeout) {
        this(settings, env, timeout, null);
    }

    /**
     * @param settings the cluster's client settings (bootstrap servers, registry, topic prefix, security)
     * @param env      the environment of the service: the master key, and the variables of ENV credentials
     * @param timeout  how long to wait for the cluster, and for each diagnostic step
     * @param routes   the route operations on this admin's cluster (given by the factory, so that this package
     *                 does not depend on the route commands'); null: none
     */
    public ClusterProviderAdmin(
            Map<String, Object> settings,
            Map<String, String> env,
            Duration timeout,
            Function<ClusterProviderAdmin, RouteAdmin> routes) {
        this.settings = Map.copyOf(settings);
        this.context = new CliContext(Map.copyOf(env), InputStream.nullInputStream(), Prompter.NONE);
        this.timeout = timeout;
        this.routes = routes;
    }

    @Override
    public List<String> types() {
        return ProviderTypes.ids();
    }

    @Override
    public List<FormField> fields(String typeId) {
        ProviderDescriptor type = type(typeId);
        ProviderDescriptor.ConfigNeeds needs = type.needs();
        List<FormField> fields = new ArrayList<>();
        fields.add(text(
                "name", "Name", true, null, "A unique name such as " + type.id() + "-main: letters, digits, . _ -"));
        if (!type.presets().isEmpty()) {
            fields.add(text(
                    "preset",
                    "Preset",
                    false,
                    null,
                    "A known server (" + String.join(", ", type.presets().keySet())
                            + ") sets the endpoint; empty for none"));
        }
        fields.add(text(
                "endpoint",
                "Endpoint (base URL)",
                type.defaultEndpoint() == null && type.presets().isEmpty(),
                type.defaultEndpoint(),
                type.endpointExample() == null ? "Base URL of the API" : "e.g. " + type.endpointExample()));
        fields.add(new FormField(
                "key",
                "API key",
                FormField.Kind.SECRET,
                needs.key() && type.presets().isEmpty(),
                null,
                "Stored encrypted under the service's master key; shown afterwards only as its fingerprint"));
        if (needs.organization()) {
            fields.add(text("organization", "Organization id", false, null, "Optional"));
            fields.add(text("project", "Project id", false, null, "Optional"));
        }
        fields.add(text("region", "Region", false, null, "Optional, e.g. eu"));
        if (needs.exampleApiVersion() != null) {
            fields.add(text(
                    "apiVersion",
                    "API version",
                    needs.apiVersion(),
                    needs.exampleApiVersion(),
                    "e.g. " + needs.exampleApiVersion()));
        }
        if (needs.deployments()) {
            fields.add(new FormField(
                    "deployments", "Deployments", FormField.Kind.LINES, false, null, "One MODEL=DEPLOYMENT per line"));
        }
        fields.add(new FormField(
                "models",
                "Models",
                FormField.Kind.LINES,
                true,
                null,
                "One per line: NAME[,in=USD][,out=USD][,kind=chat|embedding][,context=N][,max-output=N]"
                        + "[,provider-model=ID]; prices are USD per 1M tokens"));
        fields.add(text("rpm", "Requests per minute", false, null, "Empty: unlimited"));
        fields.add(text("tpm", "Tokens per minute", false, null, "Empty: unlimited"));
        fields.add(text("timeout", "Timeout per call", false, "60s", "e.g. 60s"));
        fields.add(text("tags", "Tags", false, null, "Comma-separated, optional"));
        return List.copyOf(fields);
    }

    @Override
    public List<ProviderRow> list() {
        return call(400, cluster -> {
            Map<String, ProviderState> health = WorkerStatus.all(cluster);
            return ProviderStore.all(cluster).values().stream()
                    .map(p -> row(p, health.get(p.getName())))
                    .toList();
        });
    }

    @Override
    public ProviderDetail get(String name) {
        return call(400, cluster -> {
            ProviderConfig p = ProviderStore.get(cluster, name);
            ProviderState health = WorkerStatus.all(cluster).get(name);
            StringWriter text = new StringWriter();
            ProviderView.details(new PrintWriter(text), p, health);
            List<Map.Entry<String, String>> lines = new ArrayList<>();
            for (String line : text.toString().split("\\R")) {
                // ProviderView's rows: a label padded to 14 characters, a space, the value
                if (line.length() > 15) {
                    lines.add(new AbstractMap.SimpleImmutableEntry<>(
                            line.substring(0, 14).trim(), line.substring(15)));
                }
            }
            return new ProviderDetail(row(p, health), List.copyOf(lines));
        });
    }

    @Override
    public String add(Map<String, String> form, String apiKey) {
        ProviderDescriptor type = type(form.getOrDefault("type", ""));
        ProviderConfig provider = guard(400, () -> {
            ObjectNode node = OutputOptions.json().createObjectNode();
            node.put("type", type.id());
            String name = trimmed(form.get("name"));
            if (name != null) {
                node.put("name", name);
            }
            options(form).applyTo(node);
            ProviderConfig parsed = ProviderFile.provider(new Fields(SOURCE, "", node));
            if (apiKey != null && !apiKey.isBlank()) {
                parsed.setCredential(KeyOptions.encrypt(context, parsed.getName(), apiKey.trim()));
                parsed.getSettings().put(ProviderView.FINGERPRINT, Fingerprint.of(apiKey.trim()));
            }
            ProviderFile.requireKey(SOURCE, parsed);
            return parsed;
        });
        return call(400, cluster -> ProviderOperations.add(cluster, provider));
    }

    @Override
    public String updateKey(String name, String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw ApiException.invalidRequest("key", null, "enter the new API key");
        }
        return call(400, cluster -> {
            ProviderConfig existing = ProviderStore.get(cluster, name);
            ProviderConfig updated = ProviderFile.provider(new Fields(SOURCE, "", ProviderView.toFileNode(existing)));
            updated.setCredential(KeyOptions.encrypt(context, name, apiKey.trim()));
            return String.join(
                    "; ", ProviderOperations.update(cluster, existing, updated, Fingerprint.of(apiKey.trim())));
        });
    }

    @Override
    public String update(String name, Map<String, String> form) {
        // the form's fields as the command's flags: a blank one is a flag not given, so that field is kept
        ProviderOptions flags = guard(400, () -> options(form));
        return call(400, cluster -> {
            ProviderConfig existing = ProviderStore.get(cluster, name);
            ObjectNode node = ProviderView.toFileNode(existing);
            flags.applyTo(node);
            ProviderConfig updated = ProviderFile.provider(new Fields(SOURCE, "", node));
            updated.setCredential(existing.getCredential());
            return String.join(
                    "; ",
                    ProviderOperations.update(
                            cluster, existing, updated, existing.getSettings().get(ProviderView.FINGERPRINT)));
        });
    }

    @Override
    public TestReport test(String name) {
        return call(400, cluster -> {
            CredentialResolver resolver = new CredentialResolver(context.env()::get);
            ProviderOperations.Tested tested = ProviderOperations.test(cluster, name, resolver, timeout, false);
            return new TestReport(
                    name,
                    tested.failed() == null,
                    tested.steps().stream()
                            .map(s -> new TestStep(s.name(), s.status().toString(), s.detail(), s.advice(), s.millis()))
                            .toList());
        });
    }

    @Override
    public String activate(String name) {
        // no waiting for a worker here: the providers list shows what the workers report
        return call(
                409,
                cluster -> ProviderOperations.activate(cluster, name, false).message());
    }

    @Override
    public String deactivate(String name) {
        return call(400, cluster -> String.join("; ", ProviderOperations.deactivate(cluster, name)));
    }

    @Override
    public String removalNotice(String name) {
        return call(400, cluster -> String.join(" ", ProviderOperations.removalNotice(cluster, name)));
    }

    @Override
    public String remove(String name) {
        return call(400, cluster -> String.join("; ", ProviderOperations.remove(cluster, name)));
    }

    static ProviderRow row(ProviderConfig p, ProviderState health) {
        ProviderState current = WorkerStatus.current(p, health);
        return new ProviderRow(
                p.getName(),
                p.getType(),
                p.getStatus().toString(),
                p.getOffers().size(),
                Endpoints.redact(p.getEndpoint()),
                ProviderView.credential(p),
                ProviderView.lastTest(p),
                WorkerStatus.describe(p, health),
                current == null ? "-" : String.format(Locale.ROOT, "%.1f", MetricsHistory.requestsPerSecond(current)),
                current == null ? "-" : current.getBreaker().toString(),
                current == null ? "-" : String.format(Locale.ROOT, "%.1f%%", current.getErrorRate() * 100),
                current == null ? "-" : String.format(Locale.ROOT, "%.0f ms", current.getLatencyEwmaMs()),
                current == null || current.getLatencyP99Ms() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f ms", current.getLatencyP99Ms()));
    }

    /** The form's fields as the command's flags, so that both go through one validation. */
    private static ProviderOptions options(Map<String, String> form) {
        ProviderOptions o = new ProviderOptions();
        o.endpoint = trimmed(form.get("endpoint"));
        o.preset = trimmed(form.get("preset"));
        o.organization = trimmed(form.get("organization"));
        o.project = trimmed(form.get("project"));
        o.region = trimmed(form.get("region"));
        o.apiVersion = trimmed(form.get("apiVersion"));
        o.timeout = trimmed(form.get("timeout"));
        o.models = lines(form.get("models"));
        for (String d : lines(form.get("deployments"))) {
            int eq = d.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("deployments: '" + d + "' is not MODEL=DEPLOYMENT");
            }
            o.deployments.put(d.substring(0, eq).trim(), d.substring(eq + 1).trim());
        }
        o.rpm = number("rpm", form.get("rpm"));
        o.tpm = number("tpm", form.get("tpm"));
        String tags = trimmed(form.get("tags"));
        if (tags != null) {
            Arrays.stream(tags.split(","))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty())
                    .forEach(o.tags::add);
        }
        return o;
    }

    private static Long number(String field, String value) {
        String v = trimmed(value);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw CliException.usage(field + " must be a whole number, was '" + v + "'");
        }
    }

    private static List<String> lines(String value) {
        if (value == null) {
            return new ArrayList<>();
        }
        return new ArrayList<>(
                value.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static FormField text(String name, String label, boolean required, String value, String help) {
        return new FormField(name, label, FormField.Kind.TEXT, required, value, help);
    }

    private static ProviderDescriptor type(String id) {
        return ProviderTypes.find(id)
                .orElseThrow(() -> ApiException.invalidRequest(
                        "type",
                        null,
                        "unknown provider type '" + id + "'; known types: " + String.join(", ", ProviderTypes.ids())));
    }

    /** The route operations on the same cluster settings, as the factory composed them. */
    @Override
    public RouteAdmin routes() {
        return routes == null ? ProviderAdmin.super.routes() : routes.apply(this);
    }

    /**
     * Runs {@code op} on a fresh connection to this admin's cluster, as a command does; a CLI error becomes an
     * {@link ApiException} (503 when the cluster cannot be reached).
     */
    public <T> T onCluster(Function<Connection, T> op) {
        return call(503, op);
    }

    /** Runs {@code op} on a fresh connection, as a command does; a CLI error becomes an {@link ApiException}. */
    private <T> T call(int failureStatus, Function<Connection, T> op) {
        return guard(failureStatus, () -> {
            try (Connection cluster = new Connection(settings, timeout)) {
                cluster.checkReachable();
                return op.apply(cluster);
            }
        });
    }

    private static <T> T guard(int failureStatus, Supplier<T> op) {
        try {
            return op.get();
        } catch (CliException e) {
            String message = e.getMessage();
            if (message.startsWith("no provider '") || message.startsWith("no route for model '")) {
                throw ApiException.notFound("name", message);
            }
            if (e.exitCode() == CliException.USAGE) {
                throw ApiException.invalidRequest(null, null, message);
            }
            throw new ApiException(
                    failureStatus == 409 ? 409 : 503,
                    failureStatus == 409 ? "invalid_request_error" : "server_error",
                    null,
                    failureStatus == 409 ? "conflict" : "service_unavailable",
                    message);
        }
    }
}
