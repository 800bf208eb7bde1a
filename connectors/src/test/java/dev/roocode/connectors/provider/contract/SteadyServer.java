package dev.roocode.connectors.provider.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Steady (the validating OpenAPI mock, {@code @stdy/cli}, pinned in {@code src/test/steady}) serving
 * one spec as a child process on a free local port. It answers 400 for a request that breaks the
 * spec and counts softer violations in {@code X-Steady-Error-Count}.
 */
public final class SteadyServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;

    private SteadyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code steady} on {@code spec} and waits until it accepts connections. */
    public static SteadyServer start(Path steady, Path spec, Path logDir) throws IOException, InterruptedException {
        int port = freePort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("steady-" + spec.getFileName() + ".log");
        Process process = new ProcessBuilder(
                        steady.toString(),
                        "--port",
                        Integer.toString(port),
                        "--host",
                        "127.0.0.1",
                        "--quiet",
                        "--no-color",
                        spec.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SteadyServer server = new SteadyServer(process, port, log);
        server.awaitReady();
        return server;
    }

    /** The base URI, {@code http://127.0.0.1:<port>}. */
    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("steady exited with " + process.exitValue() + ": " + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        close();
        throw new IllegalStateException(
                "steady did not listen on port " + port + " within " + START_TIMEOUT + ": " + output());
    }

    /** What steady printed so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the npm wrapper and the native server it spawned. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
