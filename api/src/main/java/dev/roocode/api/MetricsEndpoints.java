package dev.roocode.api;

import dev.roocode.api.http.Exchanges;
import dev.roocode.schemas.metrics.ServiceMetrics;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} of the roocode-api service: its {@link ServiceMetrics} in Prometheus' format on the API's
 * own port, as the processor and the connectors serve theirs on their {@code http.port}. Public like the health
 * endpoints; registered only when metrics are enabled.
 */
final class MetricsEndpoints implements Endpoints {
    private final ServiceMetrics metrics;

    MetricsEndpoints(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(Routes routes) {
        routes.add(
                Methods.GET,
                ServiceMetrics.PATH,
                Access.PUBLIC,
                (exchange, caller) -> Exchanges.send(
                        exchange,
                        200,
                        ServiceMetrics.CONTENT_TYPE,
                        metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    }
}
