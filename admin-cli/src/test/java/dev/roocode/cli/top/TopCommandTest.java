package dev.roocode.cli.top;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.roocode.cli.testing.Cli;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roocode top} against a small endpoint whose counters grow by 10 calls per scrape, and one that is down. */
class TopCommandTest {
    @TempDir
    Path home;

    private HttpServer server;
    private String served;
    private String down;

    @BeforeEach
    void serve() throws IOException {
        AtomicInteger scrapes = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            int n = scrapes.incrementAndGet();
            byte[] body = ("roocode_provider_calls_total{error_class=\"none\",model=\"m\",outcome=\"success\","
                            + "provider=\"openai\"} " + (10 * n) + ".0\n"
                            + "roocode_provider_breaker_state{provider=\"openai\",state=\"closed\"} 1.0\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        served = "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
        try (ServerSocket socket = new ServerSocket(0)) {
            down = "http://127.0.0.1:" + socket.getLocalPort() + "/metrics"; // closed again: nobody listens there
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldPrintOneJsonViewWithOnceAndNameAnUnreachableEndpointInOneLine() throws Exception {
        Cli.Run run = new Cli(home)
                .run(
                        "top",
                        "--once",
                        "--interval",
                        "200ms",
                        "--output",
                        "json",
                        "--metrics",
                        served,
                        "--metrics",
                        down);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err().lines().toList())
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("cannot read metrics from " + down + ": connection refused");
        JsonNode provider =
                new ObjectMapper().readTree(run.out()).path("providers").get(0);
        assertThat(provider.path("provider").asText()).isEqualTo("openai");
        assertThat(provider.path("requestsPerSecond").asDouble()).isPositive();
        assertThat(provider.path("breaker").asText()).isEqualTo("closed");
    }

    @Test
    void shouldRefreshTheTableLive() {
        Cli.Run run = new Cli(home).run("top", "--interval", "100ms", "--frames", "2", "--metrics", served);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().lines().filter(line -> line.startsWith("PROVIDER")))
                .hasSize(2);
        assertThat(run.out().lines().filter(line -> line.startsWith("openai "))).hasSize(2);
    }

    @Test
    void shouldFailWithOneLinePerEndpointWhenNoneAnswers() {
        Cli.Run run = new Cli(home).run("top", "--once", "--interval", "100ms", "--metrics", down);

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read metrics from " + down).contains("no metrics endpoint answered");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRefuseAMetricsValueThatIsNotAnHttpUrl() {
        Cli.Run run = new Cli(home).run("top", "--once", "--metrics", "localhost:7071");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--metrics 'localhost:7071' is not an http:// or https:// URL");
    }
}
