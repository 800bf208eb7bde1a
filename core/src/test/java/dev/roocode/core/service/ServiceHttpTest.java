package dev.roocode.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServiceHttpTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerReadyOnlyOnceTheServiceSaysSo() throws Exception {
        AtomicReference<Readiness> ready = new AtomicReference<>(Readiness.notReady("streams \"REBALANCING\""));
        try (ServiceHttp endpoint = ServiceHttp.start("127.0.0.1", 0, () -> true, ready::get)) {
            HttpResponse<String> before = get(endpoint, ServiceHttp.READY);
            assertThat(before.statusCode()).isEqualTo(503);
            assertThat(before.body()).isEqualTo("{\"status\":\"DOWN\",\"detail\":\"streams \\\"REBALANCING\\\"\"}");

            ready.set(Readiness.ready("streams RUNNING"));
            HttpResponse<String> after = get(endpoint, ServiceHttp.READY);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("\"UP\"");
        }
    }

    @Test
    void shouldReportNotLiveWhenStopping() throws Exception {
        AtomicBoolean live = new AtomicBoolean(true);
        try (ServiceHttp endpoint = ServiceHttp.start("127.0.0.1", 0, live::get, () -> Readiness.ready("ok"))) {
            assertThat(get(endpoint, ServiceHttp.LIVE).statusCode()).isEqualTo(200);
            live.set(false);
            assertThat(get(endpoint, ServiceHttp.LIVE).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shouldServeAddedRoutesAndRefuseWrites() throws Exception {
        try (ServiceHttp endpoint = ServiceHttp.start("127.0.0.1", 0, () -> true, () -> Readiness.ready("ok"))) {
            endpoint.route("/metrics", "text/plain; version=0.0.4", () -> "up 1\n");
            HttpResponse<String> metrics = get(endpoint, "/metrics");
            assertThat(metrics.body()).isEqualTo("up 1\n");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4");

            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(uri(endpoint, "/metrics"))
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void shouldNameTheAddressWhenThePortIsTaken() {
        try (ServiceHttp first = ServiceHttp.start("127.0.0.1", 0, () -> true, () -> Readiness.ready("ok"))) {
            assertThatThrownBy(
                            () -> ServiceHttp.start("127.0.0.1", first.port(), () -> true, () -> Readiness.ready("ok")))
                    .isInstanceOf(ServiceHttp.ServiceHttpException.class)
                    .hasMessage("cannot serve health and metrics on 127.0.0.1:" + first.port()
                            + ": the port is already in use (set http.port)");
        }
    }

    private HttpResponse<String> get(ServiceHttp endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(endpoint, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ServiceHttp endpoint, String path) {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }
}
