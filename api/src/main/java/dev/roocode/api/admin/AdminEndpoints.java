package dev.roocode.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.Access;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;
import dev.roocode.api.admin.console.Console;
import dev.roocode.api.admin.console.MetricsFeed;
import dev.roocode.api.admin.console.MetricsHistory;
import dev.roocode.api.batches.BatchesEndpoints;
import dev.roocode.api.files.FilesEndpoints;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admin endpoints (admin keys only) and the web console, both on one {@link ProviderAdmin}: the one a {@link
 * ProviderAdminFactory} creates (given, or found on the class path), else one that answers every operation with a
 * clear 501. JSON under {@code /admin/v1/providers}:
 *
 * <ul>
 *   <li>{@code GET /admin/v1/providers}: {@code {"object":"list","data":[row…]}}
 *   <li>{@code GET /admin/v1/providers/{name}}: {@code {"provider": row, "lines": [{"label","value"}…]}}
 *   <li>{@code POST /admin/v1/providers}: a JSON object of the add form's fields plus {@code api_key}
 *   <li>{@code POST /admin/v1/providers/{name}/key} {@code {"api_key"}}, {@code …/test}, {@code …/activate},
 *       {@code …/deactivate}; {@code DELETE /admin/v1/providers/{name}}
 * </ul>
 *
 * Answers of a state change are {@code {"message": "<the CLI's line>"}}.
 */
public final class AdminEndpoints implements Endpoints {
    private static final String BASE = "/admin/v1/providers";
    private static final long MAX_BODY = 64 * 1024;

    private final ProviderAdmin admin;
    private final Console console;
    private final MetricsFeed metrics;

    /** With the {@link ProviderAdminFactory} found on the class path (none: every operation answers 501). */
    public AdminEndpoints(ApiContext context) {
        this(context, ProviderAdminFactory.discover());
    }

    /** With {@code factory} (null: every operation answers 501), and a console without batches pages. */
    public AdminEndpoints(ApiContext context, ProviderAdminFactory factory) {
        this(context, factory, null, null);
    }

    /**
     * With {@code factory} (null: every operation answers 501); the console's batch pages run the Files and Batches
     * groups {@code files} and {@code batches} of the same server (null: they answer that batches are not served).
     */
    public AdminEndpoints(
            ApiContext context, ProviderAdminFactory factory, FilesEndpoints files, BatchesEndpoints batches) {
        this.admin = factory == null ? new Unavailable() : factory.create(context);
        MetricsHistory history = new MetricsHistory();
        this.metrics = MetricsFeed.start(
                history,
                context.config().clientConfig().consumerProperties(),
                context.topics(),
                context.registry(),
                context.clock());
        this.console = new Console(
                admin,
                files,
                batches,
                context.authenticator(),
                context.clock(),
                context.config().getBoolean(ApiConfig.CONSOLE_REMOTE_ACCESS),
                history);
    }

    @Override
    public void register(Routes routes) {
        routes.add(
                Methods.GET,
                BASE,
                Access.ADMIN,
                (ex, caller) -> Exchanges.sendJson(ex, 200, Map.of("object", "list", "data", admin.list())));
        routes.add(Methods.GET, BASE + "/{name}", Access.ADMIN, (ex, caller) -> {
            ProviderAdmin.ProviderDetail detail = admin.get(name(ex));
            Exchanges.sendJson(
                    ex,
                    200,
                    Map.of(
                            "provider",
                            detail.row(),
                            "lines",
                            detail.lines().stream()
                                    .map(l -> Map.of("label", l.getKey(), "value", l.getValue()))
                                    .toList()));
        });
        routes.add(Methods.POST, BASE, Access.ADMIN, (ex, caller) -> {
            Map<String, String> fields = new LinkedHashMap<>();
            ObjectNode body = Exchanges.readJsonObject(ex, MAX_BODY);
            body.fields().forEachRemaining(e -> fields.put(e.getKey(), text(e.getValue())));
            String key = fields.remove("api_key");
            message(ex, 201, admin.add(fields, key));
        });
        routes.add(Methods.POST, BASE + "/{name}/key", Access.ADMIN, (ex, caller) -> {
            JsonNode key = Exchanges.readJsonObject(ex, MAX_BODY).get("api_key");
            if (key == null || !key.isTextual() || key.asText().isBlank()) {
                throw ApiException.invalidRequest("api_key", null, "give the new key as \"api_key\"");
            }
            message(ex, 200, admin.updateKey(name(ex), key.asText()));
        });
        routes.add(
                Methods.POST,
                BASE + "/{name}/test",
                Access.ADMIN,
                (ex, caller) -> Exchanges.sendJson(ex, 200, admin.test(name(ex))));
        routes.add(
                Methods.POST,
                BASE + "/{name}/activate",
                Access.ADMIN,
                (ex, caller) -> message(ex, 200, admin.activate(name(ex))));
        routes.add(
                Methods.POST,
                BASE + "/{name}/deactivate",
                Access.ADMIN,
                (ex, caller) -> message(ex, 200, admin.deactivate(name(ex))));
        routes.add(
                Methods.DELETE,
                BASE + "/{name}",
                Access.ADMIN,
                (ex, caller) -> message(ex, 200, admin.remove(name(ex))));
        console.register(routes);
    }

    /** Strings as they are; lists (models, tags) one entry per line, as the console's text areas send them. */
    private static String text(JsonNode value) {
        if (value.isArray()) {
            StringBuilder lines = new StringBuilder();
            value.forEach(v -> lines.append(v.asText()).append('\n'));
            return lines.toString();
        }
        return value.isNull() ? null : value.asText();
    }

    private static void message(HttpServerExchange ex, int status, String message) {
        Exchanges.sendJson(ex, status, Map.of("message", message));
    }

    private static String name(HttpServerExchange ex) {
        return Exchanges.pathParam(ex, "name");
    }

    @Override
    public void close() {
        metrics.close();
        admin.close();
    }
}
