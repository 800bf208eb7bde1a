package dev.roocode.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.StaticKeys;
import dev.roocode.api.http.Exchanges;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's limits against slow and oversized clients, with raw sockets (an HTTP client library would
 * not trickle headers or lie about its body's length).
 */
class ApiServerHardeningTest {
    private static final long PARSE_TIMEOUT_MS = 1_000;
    private static final long BODY_MAX = 1_024;

    private RoocodeClient client;
    private ApiServer server;
    private final ExecutorService slowClients = Executors.newCachedThreadPool();
    private final CountDownLatch slowStarted = new CountDownLatch(1);

    @BeforeEach
    void start() {
        server = startServer(Map.of());
    }

    private ApiServer startServer(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "127.0.0.1:1");
        settings.put("schema.registry.url", "http://127.0.0.1:1");
        settings.put(ApiConfig.REQUEST_PARSE_TIMEOUT_MS, PARSE_TIMEOUT_MS);
        settings.put(ApiConfig.BODY_MAX_BYTES, BODY_MAX);
        settings.put(ApiConfig.UPLOAD_MAX_BYTES, BODY_MAX);
        settings.put(ApiConfig.MAX_HEADER_BYTES, 8 * 1024);
        settings.put(ApiConfig.WORKER_THREADS, 2);
        settings.putAll(overrides);
        ApiConfig config = new ApiConfig(settings);
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        if (client != null) {
            client.close();
        }
        client = new RoocodeClient(config.clientConfig(), registry);
        ApiContext context = new ApiContext(
                config,
                client,
                registry,
                new StaticKeys(Map.of("sk-user", new Caller("k1", "acme", false))),
                Clock.systemUTC());
        Function<ApiContext, Endpoints> echo = c -> routes -> {
            routes.add(
                    Methods.POST,
                    "/v1/echo",
                    Access.KEY,
                    (exchange, caller) -> Exchanges.sendJson(
                            exchange,
                            200,
                            Exchanges.readJsonObject(exchange, c.config().getLong(ApiConfig.BODY_MAX_BYTES))));
            routes.add(Methods.GET, "/v1/slow", Access.PUBLIC, (exchange, caller) -> {
                slowStarted.countDown();
                Thread.sleep(1_000);
                Exchanges.sendJson(exchange, 200, Map.of("done", true));
            });
        };
        return ApiServer.start(context, "127.0.0.1", 0, List.of(echo));
    }

    @AfterEach
    void stop() {
        slowClients.shutdownNow();
        server.close();
        client.close();
    }

    @Test
    void shouldCutOffClientsTricklingTheirHeadersWhileServingOthers() throws Exception {
        List<Future<Long>> slow = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // more than the 2 worker threads
            slow.add(slowClients.submit(this::trickleHeadersUntilCutOff));
        }
        Thread.sleep(300);
        for (int i = 0; i < 5; i++) {
            assertThat(statusLine(exchange("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
                    .contains(" 200 ");
        }
        for (Future<Long> f : slow) {
            long cutOffAfterMs = f.get(20, TimeUnit.SECONDS);
            assertThat(cutOffAfterMs)
                    .as("a client trickling its headers is disconnected near the parse timeout")
                    .isGreaterThanOrEqualTo(PARSE_TIMEOUT_MS - 100)
                    .isLessThan(PARSE_TIMEOUT_MS + 4_000);
        }
    }

    @Test
    void shouldAnswer413InOpenAisShapeWithoutReadingAnOversizedBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // announces 100 MB, sends 100 bytes and waits: the server must answer and close without the rest
            out.write(("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-user\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write("{\"a\": \"".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String answer = readToEnd(socket.getInputStream());
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(statusLine(answer)).as(answer).contains(" 413 ");
            JsonNode error = Exchanges.JSON.readTree(body(answer)).get("error");
            assertThat(error.get("code").asText()).isEqualTo("request_too_large");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("message").asText()).contains("over the limit of");
            assertThat(error.has("param")).isTrue();
            assertThat(tookMs).as("the connection ends with the answer").isLessThan(5_000);
        }
    }

    @Test
    void shouldAnswer413ToAChunkedBodyPastTheLimitAndCloseTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-user\r\n"
                            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[2 * (int) BODY_MAX];
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush(); // no last chunk: a server that drains the body would wait for it
            long start = System.nanoTime();
            String answer = readToEnd(socket.getInputStream());

            assertThat(statusLine(answer)).as(answer).contains(" 413 ");
            assertThat(Exchanges.JSON
                            .readTree(body(answer))
                            .get("error")
                            .get("code")
                            .asText())
                    .isEqualTo("request_too_large");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        }
    }

    @Test
    void shouldRefuseHeadersOverTheLimitWithoutServingTheRequest() throws Exception {
        String big = "X-Big: " + "a".repeat(16 * 1024) + "\r\n";
        String answer = exchange("GET /health/live HTTP/1.1\r\nHost: x\r\n" + big + "Connection: close\r\n\r\n");

        assertThat(answer).doesNotContain(" 200 ");
        assertThat(statusLine(exchange("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
                .contains(" 200 ");
    }

    @Test
    void shouldFinishRequestsInProgressWhenStopping() throws Exception {
        int port = server.port();
        Future<String> inProgress = slowClients.submit(
                () -> exchange(port, "GET /v1/slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(server.close(Duration.ofSeconds(10))).isTrue();
        assertThat(statusLine(inProgress.get(10, TimeUnit.SECONDS))).contains(" 200 ");
        assertThat(connects(port)).isFalse();
    }

    @Test
    void shouldAcceptABodyWithinTheLimitPastUndertowsOwnDefaultOf2Mb() throws Exception {
        server.close();
        server = startServer(Map.of(ApiConfig.BODY_MAX_BYTES, 4L * 1024 * 1024));
        String json = "{\"text\": \"" + "a".repeat(3 * 1024 * 1024) + "\"}";
        String answer = exchange("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-user\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + json.length()
                + "\r\n\r\n" + json);

        assertThat(statusLine(answer)).contains(" 200 ");
        assertThat(body(answer)).isEqualTo(json.replace(" ", ""));
    }

    /** Sends a request line and headers one byte every 250 ms; the milliseconds until the server closed. */
    private long trickleHeadersUntilCutOff() throws IOException {
        byte[] request =
                "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(250);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < request.length; i++) {
                out.write(request[i]);
                out.flush();
                try {
                    if (in.read() == -1) {
                        return elapsedMs(start);
                    }
                    throw new AssertionError("the server answered a request it had not fully received");
                } catch (SocketTimeoutException e) {
                    // still open
                }
            }
            throw new AssertionError("the whole request trickled in without the server closing the connection");
        } catch (SocketException e) {
            return elapsedMs(start); // reset by the server
        }
    }

    private static boolean connects(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String exchange(String request) throws IOException {
        return exchange(server.port(), request);
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readToEnd(socket.getInputStream());
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset after the answer still leaves the answer read
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
