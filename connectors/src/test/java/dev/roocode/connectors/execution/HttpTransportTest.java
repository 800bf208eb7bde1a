package dev.roocode.connectors.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
    private HttpServer server;
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private HttpTransport transport;
    private final AtomicReference<String> seenRequestId = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            seenRequestId.set(exchange.getRequestHeaders().getFirst("X-Roocode-Request-Id"));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/stall", exchange -> {
            // headers and the first bytes of the body, then nothing: the body stalls mid-way
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write("{\"choices\":[".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(1_500);
                exchange.getResponseBody().write(new byte[88]);
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        executor = Executors.newFixedThreadPool(2);
        timer = Executors.newSingleThreadScheduledExecutor();
        transport = new HttpTransport(executor, timer, Clock.systemUTC(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private HttpCall call(String uri) {
        return new HttpCall(
                "r-1",
                "POST",
                URI.create(uri),
                Map.of("X-Roocode-Request-Id", "r-1", "Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldReturnAnyStatusAsAnAnswer() {
        HttpAnswer answer =
                transport.send(call(base() + "/ok"), Duration.ofSeconds(5)).join();

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.header("retry-after")).hasValue("1");
        assertThat(answer.receivedAt()).isNotNull();
        assertThat(seenRequestId.get()).isEqualTo("r-1");
    }

    @Test
    void shouldReportTimeoutWhenNoAnswerComesInTime() {
        assertThat(transport.send(call(base() + "/slow"), Duration.ofMillis(200)))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
    }

    @Test
    void shouldReportTimeoutWhenTheBodyStallsMidWayAndIgnoreItsLateEnd() throws Exception {
        CompletableFuture<HttpAnswer> sent = transport.send(call(base() + "/stall"), Duration.ofMillis(300));

        assertThat(sent)
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
        Thread.sleep(1_600); // the server finishes its body: the call stays a TIMEOUT
        assertThat(sent).isCompletedExceptionally();
    }

    @Test
    void shouldReportNetworkWhenTheConnectionIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try {
            transport
                    .send(call("http://127.0.0.1:" + closedPort + "/x"), Duration.ofSeconds(5))
                    .join();
        } catch (CompletionException e) {
            assertThat(e.getCause())
                    .isInstanceOfSatisfying(
                            ProviderException.class,
                            pe -> assertThat(pe.errorClass()).isEqualTo(ErrorClass.NETWORK));
            return;
        }
        throw new AssertionError("expected a NETWORK failure");
    }
}
