package dev.roocode.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roocode sandbox} runs until stopped, saves profile 'sandbox', and keeps its data across restarts. */
class SandboxCommandIT {
    @TempDir
    Path dir;

    @Test
    void shouldServeOtherCommandsAndKeepProvidersAcrossRestarts() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("config");
        Cli sandboxCli = new Cli(config);
        Cli cli = new Cli(config);

        CompletableFuture<Run> first = CompletableFuture.supplyAsync(() -> sandboxCli.run("sandbox", "--data-dir", data.toString(), "--partitions", "2", "--run-for", "40s"));
        awaitProfile(config);
        Run list = cli.run("providers", "list", "--profile", "sandbox");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("sim\\s+openai-compatible\\s+ACTIVE");
        Run add = cli.run("providers", "add", "openai-compatible", "--name", "kept", "--preset", "vllm", "--no-api-key", "--model", "llama", "--profile", "sandbox");
        assertThat(add.exit()).as(add.toString()).isZero();
        Run firstRun = first.get(90, TimeUnit.SECONDS);
        assertThat(firstRun.exit()).as(firstRun.toString()).isZero();
        assertThat(firstRun.out()).contains("bootstrap servers    127.0.0.1:").contains("schema registry      http://").contains("provider simulator   http://")
                .contains("profile              sandbox").contains("Stopped; data kept in " + data);

        Files.delete(config.resolve("profiles").resolve("sandbox.properties"));
        CompletableFuture<Run> second = CompletableFuture.supplyAsync(() -> sandboxCli.run("sandbox", "--data-dir", data.toString(), "--run-for", "30s"));
        awaitProfile(config);
        Run show = cli.run("providers", "show", "kept", "--profile", "sandbox");
        assertThat(show.exit()).as(show.toString()).isZero();
        assertThat(show.out()).contains("DRAFT").contains("http://localhost:8000/v1");
        assertThat(second.get(90, TimeUnit.SECONDS).exit()).isZero();
    }

    private static void awaitProfile(Path config) throws InterruptedException {
        Path profile = config.resolve("profiles").resolve("sandbox.properties");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(profile) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(profile).exists();
    }
}
