package dev.roocode.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roocode sandbox} runs until stopped, saves profile 'sandbox', serves the HTTP API, and keeps its data (and
 * the API's port) across restarts. Each sandbox gets a long {@code --run-for} (room for a loaded machine) and is
 * stopped through {@link SandboxCommand#endRunFor()} as soon as the test is done with it, instead of waiting it out.
 */
class SandboxCommandIT {
    @TempDir
    Path dir;

    @Test
    void shouldServeOtherCommandsAndKeepProvidersAcrossRestarts() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("config");
        Cli sandboxCli = new Cli(config);
        Cli cli = new Cli(config);

        int apiPort = freePort();
        CompletableFuture<Run> first = CompletableFuture.supplyAsync(() -> sandboxCli.run(
                "sandbox",
                "--data-dir",
                data.toString(),
                "--partitions",
                "2",
                "--api-port",
                Integer.toString(apiPort),
                "--run-for",
                "120s"));
        try {
            awaitProfile(config, first);
            HttpResponse<String> ready = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/health/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            Run list = cli.run("providers", "list", "--profile", "sandbox");
            assertThat(list.exit()).as(list.toString()).isZero();
            assertThat(list.out()).containsPattern("sim\\s+openai-compatible\\s+ACTIVE");
            Run add = cli.run(
                    "providers",
                    "add",
                    "openai-compatible",
                    "--name",
                    "kept",
                    "--preset",
                    "vllm",
                    "--no-api-key",
                    "--model",
                    "llama",
                    "--profile",
                    "sandbox");
            assertThat(add.exit()).as(add.toString()).isZero();
        } finally {
            SandboxCommand.endRunFor(); // done with it: stop as when --run-for is up
        }
        Run firstRun = first.get(90, TimeUnit.SECONDS);
        assertThat(firstRun.exit()).as(firstRun.toString()).isZero();
        assertThat(firstRun.out())
                .contains("bootstrap servers    localhost:")
                .contains("schema registry      http://")
                .contains("provider simulator   http://")
                .contains("profile              sandbox")
                .contains("OpenAI-compatible API: http://127.0.0.1:" + apiPort + "/v1")
                .contains("Console: http://127.0.0.1:" + apiPort + "/console")
                .contains("roocode keys create --tenant T --profile sandbox")
                .contains("Stopped; data kept in " + data);

        Files.delete(config.resolve("profiles").resolve("sandbox.properties"));
        CompletableFuture<Run> second = CompletableFuture.supplyAsync(
                () -> sandboxCli.run("sandbox", "--data-dir", data.toString(), "--run-for", "120s"));
        try {
            awaitProfile(config, second);
            Run show = cli.run("providers", "show", "kept", "--profile", "sandbox");
            assertThat(show.exit()).as(show.toString()).isZero();
            assertThat(show.out()).contains("DRAFT").contains("http://localhost:8000/v1");
        } finally {
            SandboxCommand.endRunFor();
        }
        Run secondRun = second.get(90, TimeUnit.SECONDS);
        assertThat(secondRun.exit()).as(secondRun.toString()).isZero();
        assertThat(secondRun.out())
                .as("the API keeps its port across restarts")
                .contains("OpenAI-compatible API: http://127.0.0.1:" + apiPort + "/v1");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the sandbox is ready (it writes its profile then); fails with its output when it stopped first. */
    private static void awaitProfile(Path config, CompletableFuture<Run> sandbox) throws Exception {
        Path profile = config.resolve("profiles").resolve("sandbox.properties");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!Files.exists(profile) && System.nanoTime() < deadline) {
            if (sandbox.isDone()) {
                assertThat(profile)
                        .as("sandbox stopped before it was ready:\n" + sandbox.get())
                        .exists();
            }
            Thread.sleep(100);
        }
        assertThat(profile).exists();
    }
}
