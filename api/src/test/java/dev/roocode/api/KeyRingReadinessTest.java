package dev.roocode.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.auth.KeyRing;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRingReadinessTest {
    @Test
    void shouldNotBeReadyUntilTheKeyRingHasReadItsTopic() throws Exception {
        ApiConfig config =
                new ApiConfig(Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "http://127.0.0.1:1"));
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        KeyRing ring = new KeyRing(Clock.systemUTC());
        try (RoocodeClient client = new RoocodeClient(config.clientConfig(), registry);
                ApiServer server = ApiServer.start(
                        new ApiContext(config, client, registry, ring, Clock.systemUTC()), "127.0.0.1", 0, List.of())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                    .build();

            HttpResponse<String> loading = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(loading.statusCode()).isEqualTo(503);
            assertThat(loading.body()).contains("reading the API keys");
            assertThat(server.ready()).isFalse();

            ring.markCaughtUp();

            assertThat(http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            assertThat(server.ready()).isTrue();
        }
    }
}
