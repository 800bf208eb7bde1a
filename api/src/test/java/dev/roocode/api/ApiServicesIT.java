package dev.roocode.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.auth.StaticKeys;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.schemas.metrics.ServiceMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the service's main starts: the API with /metrics on its own port when metrics are enabled. */
class ApiServicesIT {
    @RegisterExtension
    static final KafkaSandboxExtension KAFKA = new KafkaSandboxExtension();

    /** The service needs a cluster: its sync group creates its reply topic at start. */
    private static ApiConfig config() {
        return new ApiConfig(Map.of(
                "bootstrap.servers",
                KAFKA.kafka().bootstrapServers(),
                "schema.registry.url",
                KAFKA.schemaRegistry().url(),
                "http.host",
                "127.0.0.1",
                "http.port",
                0));
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServePrometheusMetricsOnTheApiPortWhenEnabled() throws Exception {
        try (ServiceMetrics metrics = ServiceMetrics.prometheus(10);
                ApiServices api =
                        ApiServices.start(config(), KAFKA.schemaRegistryClient(), new StaticKeys(Map.of()), metrics)) {
            HttpResponse<String> r = get(api, "/metrics");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains(ServiceMetrics.CONTENT_TYPE);
            assertThat(r.body()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void shouldServeNoMetricsWhenDisabled() throws Exception {
        try (ApiServices api = ApiServices.start(config(), KAFKA.schemaRegistryClient(), new StaticKeys(Map.of()))) {
            assertThat(get(api, "/metrics").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(ApiServices api, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + api.server().port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
