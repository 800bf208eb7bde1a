package dev.roocode.dist;

import static dev.roocode.dist.Distribution.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.dist.Distribution.Launched;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball that {@code mvn package} built, unpacked into a temporary folder: its {@code bin/}
 * launchers start the registry, the processor, the connectors and roocode-api as real processes against a broker
 * started here (config from a properties file, bootstrap servers from a {@code ROOCODE_*} variable),
 * {@code bin/roocode} initialises the cluster, adds the provider simulator and submits jobs, each job
 * gets its Result, and each service stops on SIGTERM having written its log to {@code ROOCODE_LOG_DIR}.
 */
class DistIT {
    private static final String VERSION = System.getProperty("roocode.dist.version", "0.1.0-SNAPSHOT");
    private static final Path TARBALL =
            Path.of(System.getProperty("roocode.dist.tarball", "target/roocode-" + VERSION + ".tar.gz"));
    private static final int JOBS = 3;
    /** Short-lived JVMs on a shared 2-core machine: compile less, collect on one thread. */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    @TempDir
    static Path dir;

    private static Distribution dist;
    private static EmbeddedKafka kafka;
    private static ProviderSimulator simulator;
    private static final List<Launched> services = new ArrayList<>();
    private final long begin = System.nanoTime();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        dist = Distribution.unpack(TARBALL, VERSION, dir);
        kafka = EmbeddedKafka.builder().build().start();
        simulator = ProviderSimulator.builder().build().start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Launched service : services) {
            if (service.process().isAlive()) {
                service.process().destroyForcibly().waitFor();
            }
        }
        if (simulator != null) {
            simulator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRunThePipelineFromTheLaunchersAndStopEachServiceOnSigterm() throws Exception {
        Path logs = dist.work().resolve("logs");
        // the file names a broker that does not exist; the ROOCODE_ variable must win over it
        Map<String, String> serviceEnv = env(
                "ROOCODE_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "ROOCODE_LOG_DIR",
                logs.toString(),
                "ROOCODE_HEAP_OPTS",
                "-Xmx384m",
                "ROOCODE_JVM_OPTS",
                QUICK_START);
        int registryPort = freePort();
        int registryHealth = freePort();
        Path registryConfig = config(
                "registry",
                "bootstrap.servers=localhost:1",
                "registry.port=" + registryPort,
                "http.port=" + registryHealth,
                "http.host=127.0.0.1");
        Launched registry = service(dist.start("registry", serviceEnv, "roocode-registry", registryConfig.toString()));
        awaitReady(registry, registryHealth);
        step("registry ready");
        String registryUrl = "http://localhost:" + registryPort;

        Map<String, String> cliEnv = env(
                "ROOCODE_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "ROOCODE_SCHEMA_REGISTRY_URL", registryUrl,
                "ROOCODE_JVM_OPTS", QUICK_START);
        ok(dist.run("init", cliEnv, 120, "roocode", "init", "--partitions", "2"));
        step("init done");

        int processorHealth = freePort();
        int connectorsHealth = freePort();
        Path processorConfig = config(
                "processor",
                "bootstrap.servers=localhost:1",
                "schema.registry.url=" + registryUrl,
                "state.dir=" + dist.work().resolve("processor-state"),
                "commit.interval.ms=100",
                "http.host=127.0.0.1",
                "http.port=" + processorHealth);
        Launched processor =
                service(dist.start("processor", serviceEnv, "roocode-processor", processorConfig.toString()));
        Path connectorsConfig = config(
                "connectors",
                "bootstrap.servers=localhost:1",
                "schema.registry.url=" + registryUrl,
                "http.host=127.0.0.1",
                "http.port=" + connectorsHealth);
        Launched connectors =
                service(dist.start("connectors", serviceEnv, "roocode-connectors", connectorsConfig.toString()));
        int apiPort = freePort();
        Path apiConfig = config(
                "api",
                "bootstrap.servers=localhost:1",
                "schema.registry.url=" + registryUrl,
                "api.files.dir=" + dist.work().resolve("files"),
                "http.host=127.0.0.1",
                "http.port=" + apiPort);
        Launched api = service(dist.start("api", serviceEnv, "roocode-api", apiConfig.toString()));
        // the config files name a wrong broker: ROOCODE_BOOTSTRAP_SERVERS must have overridden them to get ready
        awaitReady(processor, processorHealth);
        awaitReady(connectors, connectorsHealth);
        awaitReady(api, apiPort);
        step("processor, connectors and api ready");
        HttpResponse<String> withoutKey = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v1/models"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutKey.statusCode()).as(withoutKey.body()).isEqualTo(401);
        assertThat(new ObjectMapper()
                        .readTree(withoutKey.body())
                        .path("error")
                        .path("code")
                        .asText())
                .isEqualTo("invalid_api_key");

        ok(dist.run(
                "providers-add",
                cliEnv,
                120,
                "roocode",
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "sim",
                "--endpoint",
                simulator.url(),
                "--no-api-key",
                "--model",
                "gpt-4o-mini,in=0.15,out=0.6"));
        ok(dist.run("providers-activate", cliEnv, 120, "roocode", "providers", "activate", "sim"));
        step("provider sim active");

        Path jobs = dist.work().resolve("jobs.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= JOBS; i++) {
            lines.add("{\"custom_id\":\"d-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                    + "\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i
                    + "\"}]}}");
        }
        Files.write(jobs, lines);
        Path out = dist.work().resolve("jobs.results.jsonl");
        ok(dist.run(
                "submit",
                cliEnv,
                180,
                "roocode",
                "submit",
                jobs.toString(),
                "--wait",
                "--out",
                out.toString(),
                "--timeout",
                "150s",
                "--no-progress"));
        step("every Result in");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> results = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            results.add(json.readTree(line));
        }
        assertThat(results)
                .extracting(r -> r.path("custom_id").asText())
                .containsExactlyInAnyOrder("d-1", "d-2", "d-3");
        assertThat(results)
                .allSatisfy(
                        r -> assertThat(r.path("response").path("status_code").asInt())
                                .as(r.toString())
                                .isEqualTo(200));

        int apiExit = api.terminate(60);
        int connectorsExit = connectors.terminate(60);
        int processorExit = processor.terminate(60);
        int registryExit = registry.terminate(60);
        step("stopped: exit codes connectors " + connectorsExit + ", processor " + processorExit + ", registry "
                + registryExit);
        assertThat(apiExit).as(api.output()).isZero();
        assertThat(connectorsExit).as(connectors.output()).isZero();
        assertThat(processorExit).as(processor.output()).isZero();
        assertThat(registryExit).as(registry.output()).isEqualTo(0);
        for (String service : List.of("registry", "processor", "connectors", "api")) {
            Path log = logs.resolve(service + ".log");
            assertThat(log).as(service + " logs to ROOCODE_LOG_DIR").isNotEmptyFile();
        }
        assertThat(Files.readString(logs.resolve("registry.log")))
                .contains("roocode-registry " + VERSION + " starting; config " + registryConfig)
                .contains("bootstrap.servers=[" + kafka.bootstrapServers() + "]");
    }

    @Test
    void shouldShipLicenceNoticeAndEveryRuntimeJarOnce() throws Exception {
        Path libs = dist.home().resolve("libs");
        List<String> jars;
        try (var files = Files.list(libs)) {
            jars = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        String notice = Files.readString(dist.home().resolve("NOTICE"), StandardCharsets.UTF_8);

        assertThat(dist.home().resolve("LICENSE")).isNotEmptyFile();
        assertThat(jars).contains("roocode-admin-cli-" + VERSION + ".jar", "roocode-processor-" + VERSION + ".jar");
        // one version of each library: artifactId-version.jar, the artifactId once
        assertThat(jars.stream().map(j -> j.replaceAll("^(.+?)-(\\d.*)\\.jar$", "$1")))
                .doesNotHaveDuplicates();
        for (String jar : jars) {
            if (!jar.startsWith("roocode-")) {
                String coordinates = ":" + jar.replaceAll("^(.+?)-(\\d.*)\\.jar$", "$1:$2") + " (";
                assertThat(notice).as("NOTICE lists " + jar).contains(coordinates);
            }
        }
    }

    @Test
    void shouldExitNonZeroNamingAMissingConfigFileInOneLine() throws Exception {
        for (String launcher : List.of("roocode-processor", "roocode-connectors", "roocode-registry", "roocode-api")) {
            Path missing = dist.work().resolve("missing-" + launcher + ".properties");
            Launched run = dist.run(launcher + "-missing", env(), 60, launcher, missing.toString());

            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output().strip())
                    .isEqualTo(launcher + ": configuration error: no such config file: " + missing);
        }
    }

    @Test
    void shouldExplainUsageOnHelp() throws Exception {
        for (String launcher : List.of("roocode-processor", "roocode-connectors", "roocode-registry", "roocode-api")) {
            Launched run = dist.run(launcher + "-help", env(), 30, launcher, "--help");

            assertThat(run.exitCode()).isZero();
            assertThat(run.output())
                    .startsWith("Usage: " + launcher + " [CONFIG_FILE]")
                    .contains("ROOCODE_HEAP_OPTS", "ROOCODE_JVM_OPTS", "ROOCODE_LOG_DIR", "JAVA_HOME");
        }
    }

    /** Where the time goes, for a slow run on a loaded machine. */
    private void step(String what) {
        System.out.printf(
                "DistIT: %s after %d ms%n",
                what, Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    private static Launched service(Launched launched) {
        services.add(launched);
        return launched;
    }

    private static Path config(String service, String... lines) throws IOException {
        return Files.write(dist.work().resolve(service + ".properties"), List.of(lines));
    }

    private static void ok(Launched run) {
        assertThat(run.exitCode()).as(run.name() + ":\n" + run.output()).isZero();
    }

    private void awaitReady(Launched service, int port) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(service.process().isAlive())
                    .as(service.name() + " exited:\n" + service.output())
                    .isTrue();
            try {
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(service.name() + " not ready within 90 s:\n" + service.output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
